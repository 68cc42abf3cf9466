package dev.flashsale.bench.load;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleUnaryOperator;

/**
 * A line chart as inline SVG, with nothing to fetch: axes with ticks, optional logarithmic axes, one coloured line
 * per series with a legend, and labelled vertical markers. For the load report; not thread-safe.
 */
final class SvgChart {

    private static final String[] COLOURS = {
        "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"
    };
    private static final int WIDTH = 900;
    private static final int HEIGHT = 340;
    private static final int LEFT = 70;
    private static final int RIGHT = 190;
    private static final int TOP = 30;
    private static final int BOTTOM = 45;

    private record Series(String name, List<double[]> points, boolean dashed) {}

    private record Marker(double x, String text) {}

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final boolean logY;
    private final boolean percentileX;
    private final List<Series> series = new ArrayList<>();
    private final List<Marker> markers = new ArrayList<>();

    /**
     * @param percentileX the x values are percentiles, drawn on the scale of 1/(1 − p) (50, 90, 99, 99.9, ...)
     */
    SvgChart(String title, String xLabel, String yLabel, boolean logY, boolean percentileX) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
        this.logY = logY;
        this.percentileX = percentileX;
    }

    SvgChart line(String name, List<double[]> points) {
        series.add(new Series(name, points, false));
        return this;
    }

    SvgChart dashed(String name, List<double[]> points) {
        series.add(new Series(name, points, true));
        return this;
    }

    SvgChart marker(double x, String text) {
        markers.add(new Marker(x, text));
        return this;
    }

    private double x(double value) {
        return percentileX ? Math.log10(1 / (1 - Math.min(value, 99.999) / 100.0)) : value;
    }

    private double y(double value) {
        return logY ? Math.log10(Math.max(value, 0.01)) : value;
    }

    String render() {
        double minX = Double.MAX_VALUE;
        double maxX = -Double.MAX_VALUE;
        double minY = logY ? Double.MAX_VALUE : 0;
        double maxY = -Double.MAX_VALUE;
        for (Series line : series) {
            for (double[] point : line.points()) {
                minX = Math.min(minX, x(point[0]));
                maxX = Math.max(maxX, x(point[0]));
                minY = Math.min(minY, y(point[1]));
                maxY = Math.max(maxY, y(point[1]));
            }
        }
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(
                Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\""
                        + " font-size=\"11\">%n<text x=\"%d\" y=\"18\" font-size=\"14\" font-weight=\"bold\">%s</text>%n",
                WIDTH,
                HEIGHT,
                LEFT,
                escape(title)));
        if (minX == Double.MAX_VALUE) {
            return svg.append("<text x=\"70\" y=\"60\">no data</text></svg>\n").toString();
        }
        if (maxX == minX) {
            maxX = minX + 1;
        }
        if (logY) {
            minY = Math.floor(minY);
            maxY = Math.ceil(maxY);
        } else {
            maxY = niceCeiling(maxY);
        }
        if (maxY <= minY) {
            maxY = minY + 1;
        }
        int plotWidth = WIDTH - LEFT - RIGHT;
        int plotHeight = HEIGHT - TOP - BOTTOM;
        double x0 = minX;
        double x1 = maxX;
        double y0 = minY;
        double y1 = maxY;
        DoubleUnaryOperator px = value -> LEFT + (x(value) - x0) / (x1 - x0) * plotWidth;
        DoubleUnaryOperator py = value -> TOP + plotHeight - (y(value) - y0) / (y1 - y0) * plotHeight;
        svg.append(String.format(
                Locale.ROOT,
                "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#999\"/>%n",
                LEFT,
                TOP,
                plotWidth,
                plotHeight));
        // y ticks
        List<Double> yTicks = new ArrayList<>();
        if (logY) {
            for (double exponent = minY; exponent <= maxY; exponent++) {
                yTicks.add(Math.pow(10, exponent));
            }
        } else {
            for (int tick = 0; tick <= 5; tick++) {
                yTicks.add(minY + (maxY - minY) * tick / 5);
            }
        }
        for (double tick : yTicks) {
            double position = py.applyAsDouble(tick);
            svg.append(String.format(
                    Locale.ROOT,
                    "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#eee\"/>"
                            + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n",
                    LEFT,
                    LEFT + plotWidth,
                    position,
                    position,
                    LEFT - 5,
                    position + 4,
                    format(tick)));
        }
        // x ticks
        List<Double> xTicks = new ArrayList<>();
        if (percentileX) {
            for (double tick : new double[] {0, 50, 90, 99, 99.9, 99.99, 99.999}) {
                if (x(tick) >= x0 - 1e-9 && x(tick) <= x1 + 1e-9) {
                    xTicks.add(tick);
                }
            }
        } else {
            double step = niceCeiling((x1 - x0) / 8);
            for (double tick = Math.ceil(x0 / step) * step; tick <= x1; tick += step) {
                xTicks.add(tick);
            }
        }
        for (double tick : xTicks) {
            double position = px.applyAsDouble(tick);
            svg.append(String.format(
                    Locale.ROOT,
                    "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"#eee\"/>"
                            + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
                    position,
                    position,
                    TOP,
                    TOP + plotHeight,
                    position,
                    TOP + plotHeight + 15,
                    format(tick)));
        }
        svg.append(String.format(
                Locale.ROOT,
                "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>%n"
                        + "<text x=\"14\" y=\"%d\" text-anchor=\"middle\" transform=\"rotate(-90 14 %d)\">%s</text>%n",
                LEFT + plotWidth / 2,
                HEIGHT - 8,
                escape(xLabel),
                TOP + plotHeight / 2,
                TOP + plotHeight / 2,
                escape(yLabel + (logY ? " (log)" : ""))));
        for (Marker marker : markers) {
            double position = px.applyAsDouble(marker.x());
            svg.append(String.format(
                    Locale.ROOT,
                    "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"#bbb\" stroke-dasharray=\"2,3\"/>"
                            + "<text x=\"%.1f\" y=\"%d\" fill=\"#777\" font-size=\"9\">%s</text>%n",
                    position,
                    position,
                    TOP,
                    TOP + plotHeight,
                    position + 2,
                    TOP + 10,
                    escape(marker.text())));
        }
        int index = 0;
        for (Series line : series) {
            String colour = COLOURS[index % COLOURS.length];
            StringBuilder path = new StringBuilder();
            for (double[] point : line.points()) {
                path.append(path.isEmpty() ? "M" : " L")
                        .append(String.format(
                                Locale.ROOT, "%.1f %.1f", px.applyAsDouble(point[0]), py.applyAsDouble(point[1])));
            }
            svg.append(String.format(
                    Locale.ROOT,
                    "<path d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\"%s/>%n",
                    path,
                    colour,
                    line.dashed() ? " stroke-dasharray=\"5,3\"" : ""));
            int legendY = TOP + 12 + index * 15;
            svg.append(String.format(
                    Locale.ROOT,
                    "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\"%s/>"
                            + "<text x=\"%d\" y=\"%d\">%s</text>%n",
                    LEFT + plotWidth + 10,
                    LEFT + plotWidth + 30,
                    legendY - 4,
                    legendY - 4,
                    colour,
                    line.dashed() ? " stroke-dasharray=\"5,3\"" : "",
                    LEFT + plotWidth + 35,
                    legendY,
                    escape(line.name())));
            index++;
        }
        return svg.append("</svg>\n").toString();
    }

    private static double niceCeiling(double value) {
        if (value <= 0) {
            return 1;
        }
        double magnitude = Math.pow(10, Math.floor(Math.log10(value)));
        for (double step : new double[] {1, 2, 2.5, 5, 10}) {
            if (value <= step * magnitude) {
                return step * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static String format(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return String.format(Locale.ROOT, "%,d", (long) value);
        }
        return new BigDecimal(value)
                .round(new MathContext(Math.abs(value) >= 10 ? 6 : 3))
                .stripTrailingZeros()
                .toPlainString();
    }

    static String escape(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
