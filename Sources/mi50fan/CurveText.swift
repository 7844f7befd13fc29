import ConfigFiles
import FanControl
import Foundation

/// Curves as text: a table of points, the hysteresis, and a plot of duty over temperature.
enum CurveText {
    static func hysteresis(_ curve: FanCurve) -> String {
        let h = curve.hysteresis
        return "hysteresis: deadband \(formatNumber(h.deadband)) °C, spin-down delay \(h.spinDownDelay), minimum step \(Duty(fraction: h.minimumStep))\(h.riseStep > 0 ? ", rise step \(Duty(fraction: h.riseStep))" : "")\(h.fallMargin.map { ", fall margin \(Duty(fraction: $0))" } ?? ""); smoothing \(curve.smoothing.timeConstant)"
    }

    static func points(_ curve: FanCurve) -> String {
        switch curve.shape {
        case .linear(let points):
            return points.map { "  \(String(describing: $0.temperature).padding(toLength: 8, withPad: " ", startingAt: 0)) \($0.duty)" }.joined(separator: "\n")
        case .steps(let levels):
            return levels.enumerated().map { index, level in
                "  level \(index + 1): \(level.duty)" + (level.lower.map { ", down below \($0)" } ?? "") + (level.upper.map { ", up at \($0)" } ?? "")
            }.joined(separator: "\n")
        }
    }

    /// The duty a curve asks for at `celsius` (step curves: climbing from the lowest level).
    static func duty(_ curve: FanCurve, at celsius: Double) -> Double {
        let temperature = Temperature(celsius: celsius)
        if let critical = curve.critical, temperature >= critical { return 1 }
        switch curve.shape {
        case .linear(let points): return FanCurve.interpolate(points, at: temperature).0.fraction
        case .steps(let levels):
            let level = FanCurve.stepLevel(levels, for: temperature, from: 0)
            return levels.isEmpty ? 1 : levels[level].duty.fraction
        }
    }

    /// A plot 20...100 °C wide, 0...100% high; `marker` marks a current temperature.
    static func plot(_ curve: FanCurve, marker: Double?, width: Int = 61, height: Int = 11) -> String {
        let low = 20.0, high = 100.0
        var grid = Array(repeating: Array(repeating: Character(" "), count: width), count: height)
        for column in 0..<width {
            let celsius = low + (high - low) * Double(column) / Double(width - 1)
            let row = Int((duty(curve, at: celsius) * Double(height - 1)).rounded())
            grid[height - 1 - row][column] = "*"
        }
        var markerColumn: Int?
        if let marker, marker >= low, marker <= high {
            let column = Int(((marker - low) / (high - low) * Double(width - 1)).rounded())
            markerColumn = column
            for row in 0..<height where grid[row][column] == " " { grid[row][column] = "|" }
        }
        var lines: [String] = []
        for (index, row) in grid.enumerated() {
            let percent = 100 - index * 100 / (height - 1)
            let label = index % 2 == 0 ? String(percent).leftPadded(to: 3) + "% " : "     "
            lines.append(label + "│" + String(row))
        }
        lines.append("     └" + String(repeating: "─", count: width))
        var axis = Array(repeating: Character(" "), count: width + 9)
        for celsius in stride(from: 20, through: 100, by: 10) {
            let column = 6 + Int((Double(celsius) - low) / (high - low) * Double(width - 1))
            for (offset, character) in String(celsius).enumerated() where column + offset < axis.count { axis[column + offset] = character }
        }
        lines.append(String(axis) + " °C")
        if let marker, markerColumn != nil {
            lines.append("      | now \(formatNumber(marker)) °C -> \(Duty(fraction: duty(curve, at: marker)))")
        }
        return lines.joined(separator: "\n")
    }

    /// An SVG chart of the curve.
    static func svg(_ curve: FanCurve, title: String) -> String {
        let width = 640.0, height = 400.0, left = 60.0, right = 20.0, top = 40.0, bottom = 50.0
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        func x(_ celsius: Double) -> Double { left + (celsius - 20) / 80 * plotWidth }
        func y(_ duty: Double) -> Double { top + (1 - duty) * plotHeight }
        var path: [String] = []
        for step in 0...320 {
            let celsius = 20 + Double(step) / 4
            path.append(String(format: "%.1f,%.1f", x(celsius), y(duty(curve, at: celsius))))
        }
        var svg = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" viewBox="0 0 \(Int(width)) \(Int(height))" font-family="sans-serif" font-size="12">
            <rect width="100%" height="100%" fill="white"/>
            <text x="\(left)" y="24" font-size="16">\(escape(title))</text>

            """
        for celsius in stride(from: 20, through: 100, by: 10) {
            let gx = x(Double(celsius))
            svg += String(format: "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>\n", gx, top, gx, top + plotHeight)
            svg += String(format: "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%d</text>\n", gx, top + plotHeight + 18, celsius)
        }
        for percent in stride(from: 0, through: 100, by: 20) {
            let gy = y(Double(percent) / 100)
            svg += String(format: "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>\n", left, gy, left + plotWidth, gy)
            svg += String(format: "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%d%%</text>\n", left - 6, gy + 4, percent)
        }
        if let critical = curve.critical, critical.celsius <= 100 {
            let cx = x(critical.celsius)
            svg += String(format: "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#c00\" stroke-dasharray=\"4 3\"/>\n", cx, top, cx, top + plotHeight)
            svg += String(format: "<text x=\"%.1f\" y=\"%.1f\" fill=\"#c00\">critical %@ °C</text>\n", cx + 4, top + 14, formatNumber(critical.celsius))
        }
        svg += "<polyline fill=\"none\" stroke=\"#1f6feb\" stroke-width=\"2.5\" points=\"\(path.joined(separator: " "))\"/>\n"
        if case .linear(let points) = curve.shape {
            for point in points where point.temperature.celsius >= 20 && point.temperature.celsius <= 100 {
                svg += String(format: "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"#1f6feb\"/>\n", x(point.temperature.celsius), y(point.duty.fraction))
            }
        }
        svg += String(format: "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">temperature (°C)</text>\n", left + plotWidth / 2, height - 10)
        svg += String(format: "<text x=\"16\" y=\"%.1f\" transform=\"rotate(-90 16 %.1f)\" text-anchor=\"middle\">fan duty</text>\n", top + plotHeight / 2, top + plotHeight / 2)
        return svg + "</svg>\n"
    }

    private static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}

extension String {
    func leftPadded(to length: Int) -> String { String(repeating: " ", count: max(0, length - count)) + self }
}
