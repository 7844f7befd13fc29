/// The shipped curves, built in, so the simulator and the demo work before anything is
/// installed. Generated from `curves/` by `make builtin-curves`; a test checks they agree.
public enum BuiltInCurves {
    /// Curve name -> file text (without its final newline).
    public static let files: [String: String] = [
        "dual-40mm": """
            # dual-40mm: for two 40 mm fans in a 3D-printed shroud on the MI50's rear. Small fans move
            # little air at low speed and stall below about 30%, so the curve starts high and climbs early.
            # Pair it with limits min_duty 35% and start_duty 60%.
            description: two 40 mm fans in a rear shroud
            points:
              - [35, 35%]
              - [50, 50%]
              - [65, 75%]
              - [75, 100%]
            critical: 90
            hysteresis:
              temperature: 3C
              spin_down_delay: 10s
              min_step: 3%
            smoothing: 8s
            """,
        "gpio-on-off": """
            # gpio-on-off: for a fan switched by a GPIO line through a MOSFET, with no speed control.
            # The fan turns on when the junction reaches 55 °C and off again only below 48 °C, so it
            # does not chatter around one temperature.
            description: on/off fan with 7 degrees of hysteresis
            levels:
              - {duty: 0%, upper: 55}
              - {duty: 100%, lower: 48}
            critical: 90
            """,
        "mi50-blower-balanced": """
            # mi50-blower-balanced: the default for a blower on an MI50 running llama.cpp, ollama or vLLM.
            # Keeps the junction well under its throttle point through long prefill bursts while staying
            # moderate at idle. Use it on the junction sensor, and on mem (HBM) with the same curve.
            description: balanced blower curve for MI50 inference loads
            points:
              - [40, 25%]
              - [55, 35%]
              - [70, 60%]
              - [80, 85%]
              - [88, 100%]
            critical: 95
            hysteresis:
              temperature: 3C
              spin_down_delay: 30s
              min_step: 5%
              rise_step: 8%
            """,
        "mi50-blower-max": """
            # mi50-blower-max: for sustained full-power work (batch inference, training, 300 W power tables)
            # or a warm room. Loud: the blower never drops below 40% and reaches full speed at 75 °C.
            description: aggressive blower curve for sustained full load
            points:
              - [30, 40%]
              - [50, 60%]
              - [65, 85%]
              - [75, 100%]
            critical: 90
            hysteresis:
              temperature: 2C
              spin_down_delay: 30s
              min_step: 2%
            smoothing: 20s
            """,
        "mi50-blower-quiet": """
            # mi50-blower-quiet: for a blower on an MI50 in a desk-side machine where noise matters and the
            # card mostly idles or serves a single user. Quiet until the junction passes 60 °C, then rises
            # steeply; it lets the card run warmer under long loads. Not for sustained batch inference or a
            # hot closet: use mi50-blower-balanced or mi50-blower-max there.
            description: quiet blower curve for a lightly loaded MI50
            points:
              - [45, 20%]
              - [60, 30%]
              - [75, 55%]
              - [85, 80%]
              - [92, 100%]
            critical: 100
            hysteresis:
              temperature: 4C
              spin_down_delay: 20s
              min_step: 2%
            smoothing: 15s
            """,
    ]
}
