@testable import Service
import Testing

private let smaps = """
55e0e22e1000-55e0e3a14000 r-xp 00000000 fe:00 5333635                    /usr/local/bin/mi50fan
Size:              24780 kB
Rss:               14348 kB
Anonymous:             0 kB
VmFlags: rd ex mr mw me
55e0e3a14000-55e0e3ab8000 r--p 01732000 fe:00 5333635                    /usr/local/bin/mi50fan
Rss:                 656 kB
Anonymous:           656 kB
VmFlags: rd mr mw me ac
55e0e3ab8000-55e0e5ed4000 rw-p 017d6000 fe:00 5333635                    /usr/local/bin/mi50fan
Rss:                2224 kB
Anonymous:             0 kB
7fe81cc44000-7fe81cd9a000 r--p 00026000 fe:00 333151                     /opt/my libs/libc.so.6
Rss:                1008 kB
Anonymous:             0 kB
7fe81cd9a000-7fe81cd9b000 r--p 00000000 00:00 0
Rss:                   4 kB
Anonymous:             4 kB
7ffc1e5f4000-7ffc1e5f6000 r-xp 00000000 00:00 0                          [vdso]
Rss:                   8 kB
Anonymous:             0 kB
"""

@Test("only read-only file mappings without a written page are dropped")
func startupPagesChoosesCleanFileMappings() {
    let mappings = StartupPages.cleanFileMappings(smaps: smaps)
    #expect(mappings == [
        StartupPages.Mapping(start: 0x55e0_e22e_1000, end: 0x55e0_e3a1_4000, residentKilobytes: 14348),
        StartupPages.Mapping(start: 0x7fe8_1cc4_4000, end: 0x7fe8_1cd9_a000, residentKilobytes: 1008),
    ])
}

@Test("a process whose clean pages were dropped keeps running them")
func startupPagesReleaseIsHarmless() {
    let released = StartupPages.release()
    #expect(released > 0, "this test process has resident code pages to give back")
    // Code, strings and tables are read again from the page cache on their next touch.
    let again = StartupPages.cleanFileMappings(smaps: smaps)
    #expect(again.count == 2)
}
