//! How much of the process is in memory: the resident set size.
//!
//! The kernel counts the pages of a process that are in RAM. A page the
//! allocator has mapped but never touched does not count; a page it has
//! given back (`munmap`, or `madvise(MADV_DONTNEED)`) stops counting at
//! once. `/proc/self/status` shows the count as `VmRSS` in kB, and its
//! high-water mark as `VmHWM`. A Python program reads the same file.

/// The `VmRSS` line of `/proc/self/status`, in bytes, or `None` where there
/// is no such file (not Linux).
pub fn resident_bytes() -> Option<usize> {
    status_field("VmRSS:")
}

/// The `VmHWM` line: the most the process has been resident at once.
pub fn peak_resident_bytes() -> Option<usize> {
    status_field("VmHWM:")
}

fn status_field(name: &str) -> Option<usize> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    parse_kb_field(&status, name)
}

/// The value of a `Name:   1234 kB` line, in bytes.
fn parse_kb_field(status: &str, name: &str) -> Option<usize> {
    let line = status.lines().find(|line| line.starts_with(name))?;
    let kb: usize = line[name.len()..]
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    Some(kb * 1024)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_status_line_is_read_in_bytes() {
        let status = "Name:\tminipy\nVmHWM:\t   20480 kB\nVmRSS:\t   10240 kB\n";
        assert_eq!(parse_kb_field(status, "VmRSS:"), Some(10 << 20));
        assert_eq!(parse_kb_field(status, "VmHWM:"), Some(20 << 20));
        assert_eq!(parse_kb_field(status, "VmSwap:"), None);
    }

    #[test]
    #[cfg(all(target_os = "linux", not(miri)))]
    fn this_process_is_resident() {
        let rss = resident_bytes().expect("Linux has /proc/self/status");
        assert!(rss > 0);
        assert!(peak_resident_bytes().unwrap() >= rss);
    }
}
