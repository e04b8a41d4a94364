#!/usr/bin/env python3
"""Spoken words synthesised with Debian's espeak-ng and flite: the default audio stimulus set, its null pool
and the audio zoo's training and test clips.

Ten words (the Speech Commands keywords) spoken by many voices: espeak-ng's voice variants in eight English
accents and flite's voices, each clip at its own speaking rate and pitch. Voices are split once, by name:
the test voices (TEST_ESPEAK, TEST_FLITE) speak only in the 'test' part, the others only in 'train'. So the
stimulus set (test part) holds voices that training never heard, and the null pool (the first clips of the
train part) consists of training clips.

Every clip is made by: synthesis -> sox (to 16 kHz mono 16-bit without dither, peak normalised to -1 dBFS, leading and
trailing silence below 1% of full scale removed) -> here: scaled to an RMS level, limited to a peak of 0.95, placed in a 1 s window
(centred, shifted by the clip's jitter) and written as a 16-bit WAV. What each clip is, is a function of
(part, word, index, seed) alone: clip k of a part is the same whatever the number of clips asked for.

  make_spoken_words.py OUT --part train --per-word 500     # training clips -> OUT/train
  make_spoken_words.py OUT --part test --per-word 50       # unseen-voice clips -> OUT/test
  make_spoken_words.py OUT --part set                      # OUT/set: 10 test + 20 train clips per word,
                                                           # labels.csv with roles, for 'datasets build'

Needs espeak-ng, flite and sox (Debian packages of those names); Python's standard library only.
"""
import argparse
import array
import concurrent.futures
import csv
import math
import os
import random
import shutil
import subprocess
import sys
import tempfile
import wave

WORDS = ["yes", "no", "up", "down", "left", "right", "on", "off", "stop", "go"]
RATE = 16000
SAMPLES = 16000
ACCENTS = ["en-us", "en-gb", "en-gb-scotland", "en-gb-x-gbclan", "en-gb-x-rp", "en-gb-x-gbcwmd", "en-029",
           "en-us-nyc"]
# Held-out voices: never in the train part.
TEST_ESPEAK = ["f2", "m3", "klatt4", "Andy", "belinda", "david", "linda", "steph2", "travis", "Gene2"]
TEST_FLITE = ["slt"]
FLITE = ["kal", "kal16", "awb", "rms", "slt"]
# The null pool's and the stimulus set's sizes in the 'set' part.
SET_STIMULI_PER_WORD = 10
SET_POOL_PER_WORD = 20
# A clip must keep at least 0.1 s of sound after trimming (a few syntheses come out as a click).
MIN_SPEECH = RATE // 10
MAX_ATTEMPTS = 5


def espeak_variants():
    out = subprocess.run(["espeak-ng", "--voices=variant"], check=True, capture_output=True, text=True).stdout
    names = []
    for line in out.splitlines()[1:]:
        cols = line.split()
        if len(cols) >= 5 and cols[4].startswith("!v/"):
            names.append(cols[4][3:])
    return sorted(set(names))


def voices(part):
    """The (engine, voice) pairs that speak in a part."""
    variants = espeak_variants()
    missing = [v for v in TEST_ESPEAK if v not in variants]
    if missing:
        sys.exit("espeak-ng lacks the test voice variants %s" % missing)
    held = set(TEST_ESPEAK)
    if part == "test":
        return [("espeak-ng", v) for v in TEST_ESPEAK] + [("flite", v) for v in TEST_FLITE]
    return [("espeak-ng", v) for v in variants if v not in held] + [("flite", v) for v in FLITE
                                                                     if v not in TEST_FLITE]


def clip_plan(part, word, k, seed, pool, attempt=0):
    """Everything random about clip k of a word in a part (a later attempt if an earlier one was too short)."""
    rnd = random.Random("%d/%s/%s/%d" % (seed, part, word, k) + ("" if attempt == 0 else "/%d" % attempt))
    engine, voice = pool[rnd.randrange(len(pool))]
    return {
        "engine": engine,
        "voice": voice,
        "accent": ACCENTS[rnd.randrange(len(ACCENTS))] if engine == "espeak-ng" else "en-us",
        "wpm": rnd.randint(120, 220),
        "pitch": rnd.randint(20, 80),
        "stretch": round(rnd.uniform(0.8, 1.3), 3),
        "f0": rnd.randint(80, 220),
        "rms_db": round(rnd.uniform(-28, -20), 2) if part == "train" else -24.0,
        "jitter": rnd.randint(-1600, 1600) if part == "train" else 0,
        "attempt": attempt,
    }


def synthesise(word, plan, raw):
    if plan["engine"] == "espeak-ng":
        cmd = ["espeak-ng", "-v", "%s+%s" % (plan["accent"], plan["voice"]), "-s", str(plan["wpm"]), "-p",
               str(plan["pitch"]), "-w", raw, word]
    else:
        cmd = ["flite", "-voice", plan["voice"], "--setf", "duration_stretch=%s" % plan["stretch"], "--setf",
               "int_f0_target_mean=%d" % plan["f0"], "-t", word, "-o", raw]
    subprocess.run(cmd, check=True, capture_output=True)


def finish(trimmed, plan, out):
    with wave.open(trimmed, "rb") as w:
        if w.getframerate() != RATE or w.getnchannels() != 1 or w.getsampwidth() != 2:
            raise RuntimeError("%s: sox gave %d Hz, %d channels, %d bytes" % (trimmed, w.getframerate(),
                                                                              w.getnchannels(), w.getsampwidth()))
        pcm = array.array("h", w.readframes(w.getnframes()))
    if sys.byteorder == "big":
        pcm.byteswap()
    x = [v / 32768.0 for v in pcm]
    if len(x) < MIN_SPEECH:
        return False
    if len(x) > SAMPLES:
        cut = (len(x) - SAMPLES) // 2
        x = x[cut:cut + SAMPLES]
    rms = math.sqrt(sum(v * v for v in x) / len(x))
    gain = 10 ** (plan["rms_db"] / 20) / rms
    peak = max(abs(v) for v in x) * gain
    if peak > 0.95:
        gain *= 0.95 / peak
    start = (SAMPLES - len(x)) // 2 + plan["jitter"]
    start = max(0, min(SAMPLES - len(x), start))
    y = array.array("h", [0] * SAMPLES)
    for i, v in enumerate(x):
        y[start + i] = max(-32768, min(32767, int(round(v * gain * 32768))))
    if sys.byteorder == "big":
        y.byteswap()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(y.tobytes())
    return True


def make_clip(part, word, k, seed, pool, out, scratch):
    """Makes the clip; a synthesis that leaves less than MIN_SPEECH samples is replaced by the next attempt."""
    for attempt in range(MAX_ATTEMPTS):
        plan = clip_plan(part, word, k, seed, pool, attempt)
        if try_clip(word, plan, out, scratch):
            return plan
    raise RuntimeError("%s: %d attempts left less than %d samples of speech" % (out, MAX_ATTEMPTS, MIN_SPEECH))


def try_clip(word, plan, out, scratch):
    raw = os.path.join(scratch, os.path.basename(out) + ".raw.wav")
    trimmed = os.path.join(scratch, os.path.basename(out) + ".trim.wav")
    synthesise(word, plan, raw)
    subprocess.run(["sox", "-D", raw, "-r", str(RATE), "-c", "1", "-b", "16", trimmed, "gain", "-n", "-1", "silence", "1",
                    "0.01", "1%", "reverse", "silence", "1", "0.01", "1%", "reverse"], check=True, capture_output=True)
    made = finish(trimmed, plan, out)
    os.remove(raw)
    os.remove(trimmed)
    return made


def make_part(out, part, per_word, seed, workers):
    """Writes OUT/<part>/clips/<word>-<k>.wav, labels.csv (file,label) and voices.csv."""
    folder = os.path.join(out, part)
    clips = os.path.join(folder, "clips")
    os.makedirs(clips, exist_ok=True)
    pool = voices(part)
    jobs = []
    with tempfile.TemporaryDirectory() as scratch, concurrent.futures.ThreadPoolExecutor(workers) as ex:
        for word in WORDS:
            for k in range(per_word):
                name = "%s-%04d.wav" % (word, k)
                target = os.path.join(clips, name)
                jobs.append((os.path.join("clips", name), word,
                             ex.submit(make_clip, part, word, k, seed, pool, target, scratch)))
        rows = [(file, word, job.result()) for file, word, job in jobs]
    with open(os.path.join(folder, "labels.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["file", "label"])
        for file, word, _ in rows:
            w.writerow([file, word])
    with open(os.path.join(folder, "voices.csv"), "w", newline="") as f:
        keys = ["engine", "voice", "accent", "wpm", "pitch", "stretch", "f0", "rms_db", "jitter", "attempt"]
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["file", "label"] + keys)
        for file, word, plan in rows:
            w.writerow([file, word] + [plan[k] for k in keys])
    print("%s: %d clips, %d voices" % (folder, len(rows), len(pool)))
    return rows


def make_set(out, seed, workers):
    """OUT/set: the stimulus set's candidates (test voices) and the null pool's (training clips), with roles."""
    make_part(out, "test", SET_STIMULI_PER_WORD, seed, workers)
    make_part(out, "train", SET_POOL_PER_WORD, seed, workers)
    folder = os.path.join(out, "set")
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "labels.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["file", "label", "role"])
        for part, role in (("test", "stimulus"), ("train", "pool")):
            target = os.path.join(folder, part)
            if os.path.exists(target):
                shutil.rmtree(target)
            shutil.copytree(os.path.join(out, part, "clips"), target)
            with open(os.path.join(out, part, "labels.csv"), newline="") as g:
                for row in list(csv.reader(g))[1:]:
                    w.writerow([os.path.join(part, os.path.basename(row[0])), row[1], role])
    print("%s: labels.csv with roles" % folder)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("out")
    p.add_argument("--part", choices=["train", "test", "set"], required=True)
    p.add_argument("--per-word", type=int, default=500)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    a = p.parse_args()
    for tool in ("espeak-ng", "flite", "sox"):
        if shutil.which(tool) is None:
            sys.exit("%s is missing: apt-get install espeak-ng flite sox" % tool)
    if a.part == "set":
        make_set(a.out, a.seed, a.workers)
    else:
        make_part(a.out, a.part, a.per_word, a.seed, a.workers)


if __name__ == "__main__":
    main()
