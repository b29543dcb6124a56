// The eRaft web console: polls /api/cluster every second and renders the node table, the leaders, the shard map
// and four uPlot charts. Plain browser JavaScript, no build step. Every element a test looks for carries data-*
// attributes: table#nodes tr[data-node][data-role][data-offline], #shards tr[data-shard][data-group][data-state],
// and each chart's figure data-points (rounds), data-values (figures drawn) and data-nonzero (figures above 0).
(function () {
  "use strict";

  var PERIOD_MS = 1000;
  var COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2"];
  var charts = {}; // series key -> {plot, groups}

  function cell(row, text, cls) {
    var td = document.createElement("td");
    td.textContent = text;
    if (cls) {
      td.className = cls;
    }
    row.appendChild(td);
    return td;
  }

  function replaceBody(table, rows) {
    var body = document.querySelector(table + " tbody");
    while (body.firstChild) {
      body.removeChild(body.firstChild);
    }
    rows.forEach(function (r) { body.appendChild(r); });
  }

  function renderNodes(nodes) {
    replaceBody("#nodes", nodes.map(function (n) {
      var tr = document.createElement("tr");
      tr.dataset.node = n.id;
      tr.dataset.group = n.group;
      tr.dataset.role = n.role;
      tr.dataset.offline = String(n.offline);
      tr.dataset.failed = String(n.failed);
      cell(tr, n.id, "id");
      cell(tr, n.group, "group");
      cell(tr, n.address, "address");
      cell(tr, n.role, "role");
      cell(tr, n.offline ? "-" : String(n.term), "term");
      cell(tr, n.offline ? "-" : String(n.commitIndex), "commit");
      cell(tr, n.offline ? "-" : String(n.appliedIndex), "applied");
      cell(tr, n.lag < 0 ? "-" : String(n.lag), "lag");
      cell(tr, n.problem || "", "note");
      return tr;
    }));
  }

  function renderGroups(groups) {
    replaceBody("#groups", groups.map(function (g) {
      var tr = document.createElement("tr");
      tr.dataset.group = g.group;
      tr.dataset.leader = g.leader;
      cell(tr, g.group, "group");
      cell(tr, g.leader || "no leader", "leader");
      return tr;
    }));
  }

  function renderShards(data) {
    var section = document.getElementById("shard-map");
    var config = document.getElementById("config");
    section.hidden = data.config === null && !data.configProblem;
    config.dataset.config = data.config === null ? "" : String(data.config);
    config.textContent = data.config === null ? "" : "(configuration " + data.config + ")";
    document.getElementById("config-problem").textContent = data.configProblem || "";
    replaceBody("#shards", data.shards.map(function (s) {
      var tr = document.createElement("tr");
      tr.dataset.shard = String(s.shard);
      tr.dataset.group = s.group;
      tr.dataset.state = s.state;
      cell(tr, String(s.shard), "shard");
      cell(tr, s.group || "unassigned", "group");
      cell(tr, s.state || "-", "state");
      return tr;
    }));
  }

  function renderChart(figure, series) {
    var key = figure.dataset.series;
    var columns = series[key] || [];
    var data = [series.time].concat(columns);
    var values = 0;
    var nonzero = 0;
    columns.forEach(function (col) {
      col.forEach(function (v) {
        if (v !== null) {
          values++;
          if (v > 0) {
            nonzero++;
          }
        }
      });
    });
    figure.dataset.points = String(series.time.length);
    figure.dataset.values = String(values);
    figure.dataset.nonzero = String(nonzero);
    if (typeof uPlot === "undefined") {
      showError("the chart library did not load");
      return;
    }
    var chart = charts[key];
    var names = series.groups.join(",");
    if (!chart || chart.groups !== names) {
      if (chart) {
        chart.plot.destroy();
      }
      var opts = {
        width: Math.max(300, figure.clientWidth - 16),
        height: 200,
        scales: { x: { time: true } },
        series: [{}].concat(series.groups.map(function (g, i) {
          return { label: g, stroke: COLORS[i % COLORS.length], width: 2, spanGaps: false };
        })),
        axes: [{}, { label: figure.dataset.unit, size: 60 }]
      };
      chart = { plot: new uPlot(opts, data, figure), groups: names };
      charts[key] = chart;
      figure.dataset.rendered = "true";
    } else {
      chart.plot.setData(data);
    }
  }

  function showError(text) {
    document.getElementById("error").textContent = text;
  }

  function render(data) {
    renderNodes(data.nodes);
    renderGroups(data.groups);
    renderShards(data);
    Array.prototype.forEach.call(document.querySelectorAll("figure.chart"), function (f) {
      renderChart(f, data.series);
    });
    var updated = document.getElementById("updated");
    updated.dataset.polled = String(data.polled);
    updated.textContent = data.polled ? "updated " + new Date(data.polled).toLocaleTimeString() : "waiting for the first round";
  }

  function poll() {
    fetch("/api/cluster", { cache: "no-store" })
      .then(function (r) {
        if (!r.ok) {
          throw new Error("the server answered " + r.status);
        }
        return r.json();
      })
      .then(function (data) {
        render(data);
        showError("");
      })
      .catch(function (e) {
        showError("cannot reach the server: " + e.message);
      })
      .then(function () {
        setTimeout(poll, PERIOD_MS);
      });
  }

  poll();
}());
