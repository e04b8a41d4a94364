package org.metamerbench.reports;

import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * Small HTML helpers shared by the run report and the leaderboard site: escaping, a page with its
 * style and the sortable-table script inlined (pages open offline, from disk), and table cells
 * that carry a sort key.
 */
public final class Html {
    private Html() {
    }

    public static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** A whole page: title, inlined style and script, body. */
    public static String page(String title, String body) {
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + esc(title)
                + "</title>\n<style>\n" + STYLE + "</style>\n</head>\n<body>\n" + body + "\n<script>\n" + SORT_SCRIPT
                + "</script>\n</body>\n</html>\n";
    }

    /** A PNG embedded in the page itself (data URI), so the page needs no other file to show it. */
    public static String embeddedPng(byte[] png, String alt, int width) {
        return "<img class=\"chart\" alt=\"" + esc(alt) + "\" width=\"" + width + "\" src=\"data:image/png;base64,"
                + Base64.getEncoder().encodeToString(png) + "\">";
    }

    /** A header cell; sortable tables sort by any column on a click. */
    public static String th(String label, String title) {
        return "<th title=\"" + esc(title) + "\">" + esc(label) + "</th>";
    }

    /** A text cell. */
    public static String td(String text) {
        return "<td>" + esc(text) + "</td>";
    }

    /** A numeric cell shown as {@code text} and sorted by {@code key}; NaN sorts last and shows "missing". */
    public static String tdNum(double key, String text) {
        if (Double.isNaN(key)) {
            return "<td class=\"missing\" data-sort=\"\">" + esc(text == null ? "missing" : text) + "</td>";
        }
        return "<td class=\"num\" data-sort=\"" + key + "\">" + esc(text) + "</td>";
    }

    public static String fixed(double v, int digits) {
        return Double.isNaN(v) ? "missing" : String.format(Locale.ROOT, "%." + digits + "f", v);
    }

    public static String pct(double v) {
        return Double.isNaN(v) ? "missing" : String.format(Locale.ROOT, "%.1f%%", 100 * v);
    }

    public static String pm(double v, double se, int digits) {
        if (Double.isNaN(v)) {
            return "missing";
        }
        return Double.isNaN(se) ? fixed(v, digits) : fixed(v, digits) + " \u00b1 " + fixed(se, digits);
    }

    public static String table(String id, List<String> headerCells, List<String> rows) {
        StringBuilder b = new StringBuilder("<table class=\"sortable\" id=\"" + esc(id) + "\">\n<thead><tr>");
        headerCells.forEach(b::append);
        b.append("</tr></thead>\n<tbody>\n");
        for (String r : rows) {
            b.append("<tr>").append(r).append("</tr>\n");
        }
        return b.append("</tbody>\n</table>\n").toString();
    }

    static final String STYLE = """
            body { font-family: "DejaVu Sans", Helvetica, Arial, sans-serif; margin: 24px auto; max-width: 1200px;
                   color: #222; line-height: 1.4; padding: 0 16px; }
            h1 { font-size: 1.6em; } h2 { margin-top: 2em; border-bottom: 1px solid #ddd; } h3 { margin-top: 1.5em; }
            table { border-collapse: collapse; margin: 0.8em 0; font-size: 0.92em; }
            th, td { border: 1px solid #ddd; padding: 4px 8px; text-align: left; vertical-align: top; }
            th { background: #f3f3f3; cursor: pointer; user-select: none; white-space: nowrap; }
            th.asc::after { content: " \\25B2"; } th.desc::after { content: " \\25BC"; }
            td.num { text-align: right; font-variant-numeric: tabular-nums; }
            td.missing { color: #999; font-style: italic; text-align: right; }
            tr.failed td { background: #fde0dc; }
            img.chart { max-width: 100%; height: auto; border: 1px solid #eee; margin: 6px 0; }
            .charts { display: flex; flex-wrap: wrap; gap: 12px; }
            .note { color: #555; font-size: 0.92em; }
            code { background: #f5f5f5; padding: 1px 4px; }
            """;

    static final String SORT_SCRIPT = """
            (function () {
              function key(row, i) {
                var cell = row.cells[i];
                if (!cell) return null;
                if (cell.hasAttribute('data-sort')) {
                  var v = cell.getAttribute('data-sort');
                  return v === '' ? null : parseFloat(v);
                }
                var t = cell.textContent.trim();
                return t === '' ? null : t.toLowerCase();
              }
              function sortBy(table, i, th) {
                var asc = th.getAttribute('data-dir') !== 'asc';
                Array.prototype.forEach.call(table.tHead.rows[0].cells, function (h) {
                  h.removeAttribute('data-dir'); h.classList.remove('asc', 'desc');
                });
                th.setAttribute('data-dir', asc ? 'asc' : 'desc');
                th.classList.add(asc ? 'asc' : 'desc');
                var body = table.tBodies[0];
                var rows = Array.prototype.slice.call(body.rows);
                rows.sort(function (a, b) {
                  var x = key(a, i), y = key(b, i);
                  if (x === null && y === null) return 0;
                  if (x === null) return 1;   // missing values stay last in both directions
                  if (y === null) return -1;
                  var c = (typeof x === 'number' && typeof y === 'number') ? x - y : String(x).localeCompare(String(y));
                  return asc ? c : -c;
                });
                rows.forEach(function (r) { body.appendChild(r); });
              }
              document.querySelectorAll('table.sortable').forEach(function (table) {
                Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, i) {
                  th.addEventListener('click', function () { sortBy(table, i, th); });
                });
              });
            })();
            """;
}
