//! What the benchmark examples share (included with `mod common;`).

/// CPU seconds (user + system, all threads) this process used so far: the
/// work done, whatever share of the cores a busy host gave. Linux only (from
/// `/proc/self/stat`); NaN elsewhere.
pub fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // After the command name in parentheses: utime and stime are the 12th
    // and 13th fields, in clock ticks (100 a second).
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<f64> = rest
        .split_whitespace()
        .skip(11)
        .take(2)
        .filter_map(|x| x.parse().ok())
        .collect();
    match f[..] {
        [user, system] => (user + system) / 100.0,
        _ => f64::NAN,
    }
}
