import Foundation

/// samples.csv: one row per card and per fan at each sample time.
public enum SampleCSV {
    static let header = "time_s,kind,name,edge_c,junction_c,mem_c,power_w,power_cap_w,sclk_mhz,mclk_mhz,sclk_level,busy_pct,vram_used_bytes,throttle,throttle_reported,duty_pct,rpm"

    public static func render(_ samples: [TelemetrySample]) -> String {
        var lines = [header]
        func n(_ value: Double?) -> String { value.map { String(format: "%.2f", $0) } ?? "" }
        for sample in samples {
            let time = String(format: "%.3f", sample.time)
            for card in sample.cards {
                var fields: [String] = [time, "card", card.name, n(card.edge), n(card.junction), n(card.mem)]
                fields += [n(card.power), n(card.powerCap), n(card.sclk), n(card.mclk)]
                fields.append(card.sclkLevel.map(String.init) ?? "")
                fields.append(n(card.busy))
                fields.append(card.vramUsed.map(String.init) ?? "")
                fields.append(card.throttle.joined(separator: "+"))
                fields += [card.throttleReported ? "1" : "0", "", ""]
                lines.append(fields.joined(separator: ","))
            }
            for fan in sample.fans {
                let fields: [String] = [time, "fan", fan.name] + Array(repeating: "", count: 12) + [n(fan.duty), fan.rpm.map(String.init) ?? ""]
                lines.append(fields.joined(separator: ","))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    public static func parse(_ text: String) -> [TelemetrySample] {
        var samples: [TelemetrySample] = []
        for line in text.split(separator: "\n").dropFirst() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard f.count >= 17, let time = Double(f[0]) else { continue }
            if samples.last?.time != time { samples.append(TelemetrySample(time: time, cards: [], fans: [])) }
            if f[1] == "card" {
                var card = CardSample(name: f[2])
                card.edge = Double(f[3]); card.junction = Double(f[4]); card.mem = Double(f[5])
                card.power = Double(f[6]); card.powerCap = Double(f[7]); card.sclk = Double(f[8]); card.mclk = Double(f[9])
                card.sclkLevel = Int(f[10]); card.busy = Double(f[11]); card.vramUsed = Int(f[12])
                card.throttle = f[13].isEmpty ? [] : f[13].split(separator: "+").map(String.init)
                card.throttleReported = f[14] == "1"
                samples[samples.count - 1].cards.append(card)
            } else {
                samples[samples.count - 1].fans.append(FanSample(name: f[2], duty: Double(f[15]), rpm: Int(f[16])))
            }
        }
        return samples
    }
}
