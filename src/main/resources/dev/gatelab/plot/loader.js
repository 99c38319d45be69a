(function () {
  var draw = __DRAW__, divs = __DIVS__;
  var state = window.gatelabPlotly = window.gatelabPlotly || { queue: [], loading: false, failed: null };
  if (window.Plotly) { draw(); return; }
  // Every chart of a page whose plotly.js could not be found says so in its own place, not only the first.
  function explain(ids, tried) {
    ids.forEach(function (id) {
      var d = document.getElementById(id);
      if (d) {
        d.style.cssText = 'border:1px solid #c00;color:#c00;padding:0.5em;font-family:sans-serif';
        d.textContent = 'Gatelab: this chart needs plotly.js, which was not found (tried ' + tried.join(', ') +
            '). In Jupyter, run binder/install-kernel.sh; for an exported page, keep the assets/ folder beside it ' +
            '(see the README, "Exporting a notebook").';
      }
    });
  }
  if (state.failed) { explain(divs, state.failed); return; }
  state.queue.push({ draw: draw, divs: divs });
  if (state.loading) return;
  state.loading = true;

  // Where plotly.js may be: beside the notebook (its folder read from the page URL), at the server root's
  // notebooks/assets (Binder and the README's start command), or beside an exported HTML page.
  function serverBase() {
    try {
      var c = document.getElementById('jupyter-config-data');
      if (c) return JSON.parse(c.textContent).baseUrl || '/';
    } catch (e) {}
    var b = document.body && document.body.getAttribute('data-base-url');
    return b || null;
  }
  var base = serverBase(), urls = [];
  if (base !== null) {
    var m = decodeURIComponent(window.location.pathname).match(/\/(?:notebooks|lab\/tree|doc\/tree|tree)\/(.*\/)?[^\/]*\.ipynb/);
    if (m) urls.push(base + 'files/' + (m[1] || '') + 'assets/__FILE__');
    urls.push(base + 'files/notebooks/assets/__FILE__');
    urls.push(base + 'files/assets/__FILE__');
  }
  urls.push('assets/__FILE__');
  urls.push('notebooks/assets/__FILE__');

  function flush() {
    state.loading = false;
    var q = state.queue; state.queue = [];
    q.forEach(function (f) { try { f.draw(); } catch (e) { console.error(e); } });
  }
  function fail() {
    state.loading = false;
    state.failed = urls;
    var q = state.queue; state.queue = [];
    q.forEach(function (f) { explain(f.divs, urls); });
  }
  function tryNext(i) {
    if (i >= urls.length) { fail(); return; }
    var url = urls[i];
    if (typeof window.require === 'function' && typeof window.define === 'function' && window.define.amd) {
      // The classic Notebook has require.js, and plotly's bundle registers itself with it instead of window.
      var name = 'gatelab-plotly-' + i, paths = {};
      paths[name] = url.replace(/\.js$/, '');
      window.require.config({ paths: paths });
      window.require([name], function (P) { window.Plotly = P; flush(); },
          function () { if (window.requirejs && window.requirejs.undef) window.requirejs.undef(name); tryNext(i + 1); });
    } else {
      var s = document.createElement('script');
      s.src = url;
      s.onload = function () { if (window.Plotly) flush(); else tryNext(i + 1); };
      s.onerror = function () { s.remove(); tryNext(i + 1); };
      document.head.appendChild(s);
    }
  }
  tryNext(0);
})();
