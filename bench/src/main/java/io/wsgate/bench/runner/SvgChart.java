package io.wsgate.bench.runner;

import io.wsgate.bench.load.Settings;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small-multiples bar chart of the medians, one panel per metric, written as plain SVG (no tools needed to view
 * it in a browser or on GitHub). Bars are scaled per panel; the numbers are printed on them.
 */
final class SvgChart {

    private static final int PANEL_WIDTH = 440;
    private static final int BAR_HEIGHT = 18;
    private static final int LABEL_WIDTH = 110;
    private static final int COLUMNS = 2;
    private static final String[] COLOURS = {"#9e9e9e", "#e4813b", "#f2b880", "#3b78c4", "#92b8e6", "#6a9f58", "#b0d19f"};

    private SvgChart() {
    }

    static String render(String title, Settings settings, List<String> variants, Results results) {
        List<Metric> metrics = new ArrayList<>();
        for (Metric metric : Metric.values()) {
            for (String variant : variants) {
                if (!Double.isNaN(results.median(variant, metric))) {
                    metrics.add(metric);
                    break;
                }
            }
        }
        int panelHeight = 40 + variants.size() * (BAR_HEIGHT + 4) + 10;
        int rows = (metrics.size() + COLUMNS - 1) / COLUMNS;
        int width = COLUMNS * PANEL_WIDTH + 20;
        int height = 50 + rows * panelHeight;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"11\">\n", width, height, width, height));
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.append("<text x=\"10\" y=\"24\" font-size=\"15\" font-weight=\"bold\">").append(escape(title))
                .append("</text>\n");
        for (int i = 0; i < metrics.size(); i++) {
            Metric metric = metrics.get(i);
            int x = 10 + (i % COLUMNS) * PANEL_WIDTH;
            int y = 45 + (i / COLUMNS) * panelHeight;
            panel(svg, metric, settings, variants, results, x, y);
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static void panel(StringBuilder svg, Metric metric, Settings settings, List<String> variants,
                              Results results, int x, int y) {
        String label = metric.label(settings);
        if (label.startsWith("... ")) {
            label = metric.scenario + ": " + label.substring(4);
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-weight=\"bold\">%s</text>\n", x, y + 12,
                escape(shorten(label, 70))));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"#555\">%s, %s is better</text>\n", x,
                y + 26, escape(metric.unit.isEmpty() ? "count" : metric.unit),
                metric.higherIsBetter ? "higher" : "lower"));
        double max = 0;
        for (String variant : variants) {
            double value = results.median(variant, metric);
            if (!Double.isNaN(value)) {
                max = Math.max(max, Math.abs(value));
            }
        }
        int barArea = PANEL_WIDTH - LABEL_WIDTH - 90;
        for (int v = 0; v < variants.size(); v++) {
            String variant = variants.get(v);
            double value = results.median(variant, metric);
            int top = y + 34 + v * (BAR_HEIGHT + 4);
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>\n",
                    x + LABEL_WIDTH - 6, top + 13, escape(variant)));
            if (Double.isNaN(value)) {
                svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"#999\">%s</text>\n",
                        x + LABEL_WIDTH, top + 13, results.hasFailed(variant) ? "failed" : "not measured"));
                continue;
            }
            int length = max == 0 ? 0 : (int) Math.round(barArea * Math.abs(value) / max);
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>\n",
                    x + LABEL_WIDTH, top, Math.max(length, 1), BAR_HEIGHT, colour(variant, variants)));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>\n",
                    x + LABEL_WIDTH + Math.max(length, 1) + 4, top + 13, escape(metric.format(value))));
        }
    }

    private static String colour(String variant, List<String> variants) {
        return switch (variant) {
            case "raw" -> COLOURS[0];
            case "tomcat-native" -> COLOURS[1];
            case "tomcat-wsgate" -> COLOURS[2];
            case "jetty-native" -> COLOURS[3];
            case "jetty-wsgate" -> COLOURS[4];
            default -> COLOURS[5 + variants.indexOf(variant) % 2];
        };
    }

    private static String shorten(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 3) + "...";
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
