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

Version 2 (--version 2) follows the published clips more closely: fifty words (WORDS_V2); each word spoken in
running speech, as the published clips were excerpts of speech with the labelled word in the middle: two to four
context words before and after it (FILLER, never a class word) by the same voice, the 1 s window centred on the
labelled word; and the training clips (so the null pool too) mixed with background noise at -10 to +10 dB SNR:
babble (six talkers of voices that speak in no clip, BABBLE_ESPEAK, saying context words), pink or brown noise, each
an excerpt of a 30 s track made once from the seed. SNR is the clip's speech RMS over its noise's, both over the
window. Version 1 (the default) makes the built-in set as committed.

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

# Version 2's stimulus set and null pool per word in the 'set' part: 100 stimuli and 200 pool clips, as version 1's.
SET_STIMULI_PER_WORD_V2 = 2
SET_POOL_PER_WORD_V2 = 4
# Version 2: the Speech Commands v2 words and fifteen more; context words that are never a label.
WORDS_V2 = WORDS + ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "bed", "bird",
                    "cat", "dog", "happy", "house", "marvin", "sheila", "tree", "wow", "backward", "forward",
                    "follow", "learn", "visual", "red", "blue", "green", "yellow", "black", "white", "water",
                    "music", "paper", "table", "window", "money", "river", "apple", "orange"]
FILLER = ["the", "a", "and", "then", "we", "they", "said", "just", "very", "maybe", "again", "here", "there",
          "today", "later", "often", "really", "about", "under", "over", "with", "without", "before", "after",
          "morning", "evening", "city", "garden", "market", "letter", "number", "question", "answer", "little",
          "large", "quiet", "simple", "open", "close", "bring", "take", "make", "find", "keep", "think", "know",
          "people", "children", "friend", "teacher", "doctor", "engine", "station", "village", "mountain",
          "island", "summer", "winter", "basket", "pencil", "rabbit", "carpet", "silver", "golden", "gentle",
          "sudden", "careful", "perhaps", "almost", "always", "never", "sometimes", "together", "nothing",
          "something", "everyone", "somewhere", "anyway", "because", "while", "until", "during", "against"]
# Voices kept for the babble: they speak in no clip of any part.
BABBLE_ESPEAK = ["m5", "f4", "klatt2", "Alicia", "benjamin", "grandma", "john", "shelby"]
BABBLE_TALKERS = 6
NOISES = ["babble", "pink", "brown"]
NOISE_TRACK_S = 30
SNR_DB = (-10.0, 10.0)


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


def voices_v2(part):
    """Version 2's (engine, voice) pairs of a part: the test voices as in version 1, the babble voices apart."""
    if part == "test":
        return voices("test")
    variants = espeak_variants()
    missing = [v for v in BABBLE_ESPEAK if v not in variants]
    if missing:
        sys.exit("espeak-ng lacks the babble voice variants %s" % missing)
    return [pair for pair in voices("train") if pair[1] not in BABBLE_ESPEAK]


def clip_plan_v2(part, word, k, seed, pool, attempt=0):
    """Version 2: everything random about clip k, with its context words and (training clips) its noise."""
    rnd = random.Random("v2/%d/%s/%s/%d" % (seed, part, word, k) + ("" if attempt == 0 else "/%d" % attempt))
    plan = clip_plan(part, word, k, seed, pool, attempt, rnd)
    plan["before"] = " ".join(rnd.choice(FILLER) for _ in range(rnd.randint(2, 4)))
    plan["after"] = " ".join(rnd.choice(FILLER) for _ in range(rnd.randint(2, 4)))
    plan["gap_ms"] = rnd.randint(20, 80)
    if part == "train":
        plan["noise"] = NOISES[rnd.randrange(len(NOISES))]
        plan["snr_db"] = round(rnd.uniform(*SNR_DB), 2)
        plan["noise_offset"] = rnd.randrange(NOISE_TRACK_S * RATE)
    else:
        plan["noise"], plan["snr_db"], plan["noise_offset"] = "none", "", ""
    return plan


def clip_plan(part, word, k, seed, pool, attempt=0, rnd=None):
    """Everything random about clip k of a word in a part (a later attempt if an earlier one was too short)."""
    if rnd is None:
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
    x = read_pcm(trimmed)
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
    y = [0.0] * SAMPLES
    for i, v in enumerate(x):
        y[start + i] = v * gain
    write_pcm(out, y)
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


def read_pcm(path):
    """A 16 kHz mono 16-bit WAV file's samples as floats in [-1, 1)."""
    with wave.open(path, "rb") as w:
        if w.getframerate() != RATE or w.getnchannels() != 1 or w.getsampwidth() != 2:
            raise RuntimeError("%s: sox gave %d Hz, %d channels, %d bytes" % (path, w.getframerate(),
                                                                              w.getnchannels(), w.getsampwidth()))
        pcm = array.array("h", w.readframes(w.getnframes()))
    if sys.byteorder == "big":
        pcm.byteswap()
    return [v / 32768.0 for v in pcm]


def write_pcm(path, x):
    """Writes floats as a 16 kHz mono 16-bit WAV file, each rounded to the nearest level and clipped."""
    y = array.array("h", [max(-32768, min(32767, int(round(v * 32768)))) for v in x])
    if sys.byteorder == "big":
        y.byteswap()
    with wave.open(path, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(y.tobytes())


def speak(text, plan, scratch, tag):
    """Text said by the plan's voice at 16 kHz, peak normalised to -1 dBFS, its leading and trailing silence removed."""
    raw = os.path.join(scratch, tag + ".raw.wav")
    conv = os.path.join(scratch, tag + ".16k.wav")
    synthesise(text, plan, raw)
    subprocess.run(["sox", "-D", raw, "-r", str(RATE), "-c", "1", "-b", "16", conv, "gain", "-n", "-1", "silence",
                    "1", "0.01", "1%", "reverse", "silence", "1", "0.01", "1%", "reverse"], check=True,
                   capture_output=True)
    x = read_pcm(conv)
    os.remove(raw)
    os.remove(conv)
    return x


def unit_rms(x):
    rms = math.sqrt(sum(v * v for v in x) / len(x))
    return [v / rms for v in x]


def noise_tracks(seed, scratch):
    """The 30 s background tracks of version 2, a function of the seed alone: babble, pink and brown noise."""
    n = NOISE_TRACK_S * RATE
    rnd = random.Random("v2/%d/noise" % seed)
    warm = 4 * RATE
    white = [rnd.gauss(0.0, 1.0) for _ in range(n + warm)]
    # pink: Paul Kellet's filter of white noise (within 0.05 dB of -3 dB an octave above 10 Hz at 44.1 kHz)
    b = [0.0] * 7
    pink = []
    for w in white:
        b[0] = 0.99886 * b[0] + w * 0.0555179
        b[1] = 0.99332 * b[1] + w * 0.0750759
        b[2] = 0.96900 * b[2] + w * 0.1538520
        b[3] = 0.86650 * b[3] + w * 0.3104856
        b[4] = 0.55000 * b[4] + w * 0.5329522
        b[5] = -0.7616 * b[5] - w * 0.0168980
        pink.append(b[0] + b[1] + b[2] + b[3] + b[4] + b[5] + b[6] + w * 0.5362)
        b[6] = w * 0.115926
    # brown: leaky integration of white noise (-6 dB an octave above about 5 Hz), its mean removed
    brown = []
    y = 0.0
    for w in white:
        y = 0.998 * y + w
        brown.append(y)
    pink, brown = pink[warm:], brown[warm:]
    mean = sum(brown) / n
    brown = [v - mean for v in brown]
    babble = [0.0] * n
    for t in range(BABBLE_TALKERS):
        voice = BABBLE_ESPEAK[t % len(BABBLE_ESPEAK)]
        stream = []
        j = 0
        while len(stream) < n:
            plan = {"engine": "espeak-ng", "voice": voice, "accent": ACCENTS[rnd.randrange(len(ACCENTS))],
                    "wpm": rnd.randint(140, 200), "pitch": rnd.randint(20, 80)}
            sentence = " ".join(rnd.choice(FILLER) for _ in range(rnd.randint(5, 10)))
            stream += speak(sentence, plan, scratch, "babble-%d-%d" % (t, j)) + [0.0] * rnd.randint(1600, 4800)
            j += 1
        talker = unit_rms(stream[:n])
        babble = [a + v for a, v in zip(babble, talker)]
    return {"babble": unit_rms(babble), "pink": unit_rms(pink), "brown": unit_rms(brown)}


def make_clip_v2(part, word, k, seed, pool, out, scratch, tracks):
    """Version 2's clip: the word in running speech, the window centred on it, noise added to training clips."""
    for attempt in range(MAX_ATTEMPTS):
        plan = clip_plan_v2(part, word, k, seed, pool, attempt)
        tag = os.path.basename(out)
        said = speak(word, plan, scratch, tag + ".word")
        if len(said) < MIN_SPEECH:
            continue
        before = speak(plan["before"], plan, scratch, tag + ".before")
        after = speak(plan["after"], plan, scratch, tag + ".after")
        gap = [0.0] * (plan["gap_ms"] * RATE // 1000)
        speech = before + gap + said + gap + after
        start = len(before) + len(gap) + len(said) // 2 + plan["jitter"] - SAMPLES // 2
        window = [speech[i] if 0 <= i < len(speech) else 0.0 for i in range(start, start + SAMPLES)]
        level = 10 ** (plan["rms_db"] / 20)
        x = [v * level for v in unit_rms(window)]
        if plan["noise"] != "none":
            track = tracks[plan["noise"]]
            scale = level / 10 ** (plan["snr_db"] / 20)
            off = plan["noise_offset"]
            x = [v + track[(off + i) % len(track)] * scale for i, v in enumerate(x)]
        peak = max(abs(v) for v in x)
        if peak > 0.95:
            x = [v * 0.95 / peak for v in x]
        write_pcm(out, x)
        return plan
    raise RuntimeError("%s: %d attempts left less than %d samples of speech" % (out, MAX_ATTEMPTS, MIN_SPEECH))


def make_part(out, part, per_word, seed, workers, version=1):
    """Writes OUT/<part>/clips/<word>-<k>.wav, labels.csv (file,label) and voices.csv."""
    folder = os.path.join(out, part)
    clips = os.path.join(folder, "clips")
    os.makedirs(clips, exist_ok=True)
    pool = voices(part) if version == 1 else voices_v2(part)
    jobs = []
    with tempfile.TemporaryDirectory() as scratch, concurrent.futures.ThreadPoolExecutor(workers) as ex:
        tracks = noise_tracks(seed, scratch) if version == 2 and part == "train" else None
        for word in (WORDS if version == 1 else WORDS_V2):
            for k in range(per_word):
                name = "%s-%04d.wav" % (word, k)
                target = os.path.join(clips, name)
                job = (ex.submit(make_clip, part, word, k, seed, pool, target, scratch) if version == 1 else
                       ex.submit(make_clip_v2, part, word, k, seed, pool, target, scratch, tracks))
                jobs.append((os.path.join("clips", name), word, job))
        rows = [(file, word, job.result()) for file, word, job in jobs]
    with open(os.path.join(folder, "labels.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["file", "label"])
        for file, word, _ in rows:
            w.writerow([file, word])
    with open(os.path.join(folder, "voices.csv"), "w", newline="") as f:
        keys = ["engine", "voice", "accent", "wpm", "pitch", "stretch", "f0", "rms_db", "jitter", "attempt"]
        if version == 2:
            keys += ["before", "after", "gap_ms", "noise", "snr_db", "noise_offset"]
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["file", "label"] + keys)
        for file, word, plan in rows:
            w.writerow([file, word] + [plan[k] for k in keys])
    print("%s: %d clips, %d voices" % (folder, len(rows), len(pool)))
    return rows


def make_set(out, seed, workers, version=1):
    """OUT/set: the stimulus set's candidates (test voices) and the null pool's (training clips), with roles."""
    make_part(out, "test", SET_STIMULI_PER_WORD if version == 1 else SET_STIMULI_PER_WORD_V2, seed, workers, version)
    make_part(out, "train", SET_POOL_PER_WORD if version == 1 else SET_POOL_PER_WORD_V2, seed, workers, version)
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
    p.add_argument("--version", type=int, choices=[1, 2], default=1)
    a = p.parse_args()
    for tool in ("espeak-ng", "flite", "sox"):
        if shutil.which(tool) is None:
            sys.exit("%s is missing: apt-get install espeak-ng flite sox" % tool)
    if a.part == "set":
        make_set(a.out, a.seed, a.workers, a.version)
    else:
        make_part(a.out, a.part, a.per_word, a.seed, a.workers, a.version)


if __name__ == "__main__":
    main()
