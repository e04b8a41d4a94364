// What both experiment pages share: the timeline of the phases the page entered, with the page's own timestamps
// (window.experimentTimeline, read by the browser tests), and holds that end on a frame.
(function () {
  var timeline = [];
  window.experimentTimeline = timeline;
  window.phase = function (name) {
    document.body.setAttribute('data-phase', name);
    timeline.push({ phase: name, t: performance.now() });
  };
  window.$ = function (id) { return document.getElementById(id); };
  // Shows one of the screens (instructions, ready, done) or the stage where trials run.
  window.show = function (id) {
    ['instructions', 'ready', 'done'].forEach(function (s) { $(s).classList.toggle('active', s === id); });
    $('stage').classList.toggle('active', id === 'stage');
  };
  window.sleep = function (ms) { return new Promise(function (r) { setTimeout(r, ms); }); };
  window.nextFrame = function () { return new Promise(function (r) { requestAnimationFrame(function () { r(); }); }); };
  // Holds the screen for ms, to the frame: ends at the first frame within 8 ms of the time asked for.
  window.hold = async function (ms) {
    var start = performance.now();
    await nextFrame();
    while (performance.now() - start < ms - 8) { await nextFrame(); }
  };
})();
