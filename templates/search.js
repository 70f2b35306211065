// Search for the stdkit site: substring matching over the index the build writes
// (search-index.js), which works for Chinese where word-based search does not, and works
// from file:// because the index is a script, not a fetched JSON file.
(function () {
  var index = window.STDKIT_SEARCH || [];
  var box = document.getElementById('q');
  var list = document.getElementById('search-results');
  var status = document.getElementById('search-status');
  function esc(s) {
    return s.replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }
  function run(q) {
    q = q.trim();
    list.innerHTML = '';
    if (!q) { status.textContent = ''; return; }
    var needle = q.toLowerCase();
    var hits = [];
    for (var i = 0; i < index.length; i++) {
      var e = index[i];
      var hay = (e.number + ' ' + e.title + ' ' + e.text).toLowerCase();
      var at = hay.indexOf(needle);
      if (at >= 0) {
        var count = hay.split(needle).length - 1;
        var inTitle = (e.number + ' ' + e.title).toLowerCase().indexOf(needle) >= 0;
        hits.push({ e: e, at: at, score: (inTitle ? 1000 : 0) + count });
      }
    }
    hits.sort(function (a, b) { return b.score - a.score || (a.e.order - b.e.order); });
    status.textContent = '“' + q + '”：找到 ' + hits.length + ' 项标准';
    hits.slice(0, 100).forEach(function (h) {
      var text = h.e.text;
      var pos = text.toLowerCase().indexOf(needle);
      var snippet = '';
      if (pos >= 0) {
        var from = Math.max(0, pos - 30);
        snippet = (from > 0 ? '…' : '') + esc(text.slice(from, pos)) + '<mark>' +
          esc(text.slice(pos, pos + q.length)) + '</mark>' + esc(text.slice(pos + q.length, pos + q.length + 60)) + '…';
      }
      var li = document.createElement('li');
      li.innerHTML = '<a href="' + esc(h.e.url) + '">' + esc(h.e.number + ' ' + h.e.title) + '</a>' +
        '<span class="snippet">' + snippet + '</span>';
      list.appendChild(li);
    });
  }
  var params = new URLSearchParams(window.location.search);
  var q = params.get('q') || '';
  if (box) {
    box.value = q;
    box.addEventListener('input', function () { run(box.value); });
  }
  run(q);
})();
