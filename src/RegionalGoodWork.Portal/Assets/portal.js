// Enhancement only: every page reads and works without it. Starts GOV.UK Frontend's components (the service
// navigation's menu button on small screens, the skip link's focus), and draws the page's charts.
import { initAll } from './govuk/govuk-frontend.min.js';
initAll();

// Charts: each <figure class="rgw-chart" data-rgw-chart="…"> (Components/Chart.razor) carries its figures; Chart.js
// (loaded before this script on pages with charts) draws them and the figure is shown. The same figures are in the data
// table the figure names, which stays on the page.
const formats = {
  percent: v => `${v.toFixed(1)}%`,
  GBP: v => `£${v.toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`,
};
const format = (value, unit) => (formats[unit] ?? (v => v.toLocaleString('en-GB', { maximumFractionDigits: 2 })))(value);

if (window.Chart) {
  const Chart = window.Chart;
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.font.size = 14;
  Chart.defaults.color = '#0b0c0c';
  for (const figure of document.querySelectorAll('figure.rgw-chart[data-rgw-chart]')) {
    const spec = JSON.parse(figure.dataset.rgwChart);
    const bar = spec.type === 'bar';
    const valueAxis = { beginAtZero: bar, ticks: { callback: v => format(Number(v), spec.unit) }, grid: { color: '#e5e5e5' } };
    figure.hidden = false;
    new Chart(figure.querySelector('canvas'), {
      type: spec.type,
      data: {
        labels: spec.labels,
        datasets: spec.datasets.map(d => ({
          label: d.label, data: d.data, borderColor: '#1d70b8', backgroundColor: bar ? '#1d70b8' : '#1d70b833',
          borderWidth: 2, pointRadius: 3, spanGaps: false,
        })),
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        indexAxis: bar ? 'y' : 'x',
        plugins: {
          legend: { display: spec.datasets.length > 1 },
          tooltip: { callbacks: { label: c => `${c.dataset.label}: ${format(bar ? c.parsed.x : c.parsed.y, spec.unit)}` } },
        },
        scales: bar ? { x: valueAxis, y: { grid: { display: false } } } : { y: valueAxis, x: { grid: { display: false } } },
      },
    });
  }
}
