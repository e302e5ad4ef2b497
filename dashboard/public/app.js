// The admin UI's only script of its own: charts (uPlot) and copy buttons. No inline scripts
// anywhere (the Content-Security-Policy forbids them); htmx does the rest from attributes.
(function () {
  'use strict';

  function drawCharts(root) {
    if (typeof uPlot === 'undefined') return;
    root.querySelectorAll('[data-chart]:not([data-drawn])').forEach(function (el) {
      var data = JSON.parse(el.getAttribute('data-chart'));
      el.setAttribute('data-drawn', 'true');
      var options = {
        width: Math.max(320, el.clientWidth),
        height: 240,
        scales: { x: { time: true } },
        axes: [{}, { label: 'messages / min' }],
        series: [
          {},
          {
            label: 'completed',
            stroke: '#2f9e44',
            fill: 'rgba(47,158,68,0.12)',
            width: 2,
            points: { show: false },
          },
          {
            label: 'failed',
            stroke: '#e03131',
            fill: 'rgba(224,49,49,0.10)',
            width: 2,
            points: { show: false },
          },
        ],
      };
      var chart = new uPlot(options, [data.minutes, data.completed, data.failed], el);
      window.addEventListener('resize', function () {
        chart.setSize({ width: Math.max(320, el.clientWidth), height: 240 });
      });
    });
  }

  document.addEventListener('click', function (event) {
    var button = event.target.closest('[data-copy]');
    if (!button) return;
    var text = button.getAttribute('data-copy');
    var done = function () {
      button.textContent = 'Copied';
      setTimeout(function () {
        button.textContent = 'Copy';
      }, 1500);
    };
    if (navigator.clipboard) navigator.clipboard.writeText(text).then(done, function () {});
  });

  drawCharts(document);
  if (typeof htmx !== 'undefined') htmx.onLoad(drawCharts);
})();
