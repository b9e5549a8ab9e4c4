#!/usr/bin/env python3
"""Key-to-screen latency of the marking keys (#14), measured as a user feels it, with
/work/shared/tools/keylat.py's pty driver (its `run`).

Prepare the workspace first (x45 shown; any tree works):

    cp -a /tmp/lead/bbc45 /tmp/apperf/bbc45
    dateline index /tmp/apperf/bbc45 --workspace /tmp/apperf/ws45
    cargo run --release --example marks_prep -- /tmp/apperf/bbc45 /tmp/apperf/ws45   # 10,000 starred,
                                                                        # 10,000 tagged x, 50 saved searches
Then:

    scripts/keylat_marks.py --bin target/release/dateline --tree /tmp/apperf/bbc45 --ws /tmp/apperf/ws45

Each scenario starts the program afresh, waits for UNTIL and for the output to settle (loading
done), goes back to the list of every article, then times each key from the write to the pty until the first byte of the answer
(first) and until the output has been quiet for QUIET ms (done):

  star    `s` (the durable write included: the star shows only once it is in the store), REPEAT times
  tag     `t`, `x`, Enter: the Enter (the tags written, then shown)
  filter  typing `is:starred border` (and `tag:x govern`) on the query line, every key
  saved   `'` (the saved-searches pane opens), then Esc

Several binaries (--bin A --bin B) are run alternately, round by round, as the benchmarks here do
on a loaded host; the load average is printed with the figures."""
import argparse, os, sys

sys.path.insert(0, os.environ.get('KEYLAT_DIR', '/work/shared/tools'))
import keylat  # noqa: E402


def pct(xs, p):
    return keylat.pct(xs, p)


# Each starts at the list of every article: Esc pops the list levels a reopened workspace
# restores (the place where the last run was left).
BACK = '\x1b\x1b\x1b'
SCENARIOS = {
    # name: (pre, keys, which keys count: slice over one repeat)
    'star': (BACK, 's', slice(0, 1)),
    'tag': (BACK, 'tx\r', slice(2, 3)),
    'filter-starred': (BACK + '/', 'is:starred border', slice(0, None)),
    'filter-tag': (BACK + '/', 'tag:x govern', slice(0, None)),
    'saved': (BACK, "'\x1b", slice(0, 1)),
}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--bin', action='append', required=True, help='dateline binary (repeatable)')
    ap.add_argument('--tree', required=True)
    ap.add_argument('--ws', required=True)
    ap.add_argument('--until', default=None, help='text of the first frame (default: the status bar\'s "? help"); '
                    'the loading that follows ends before the keys (output quiet for SETTLE ms)')
    ap.add_argument('--repeat', type=int, default=20)
    ap.add_argument('--rounds', type=int, default=1)
    ap.add_argument('--quiet', type=float, default=40)
    ap.add_argument('--settle', type=float, default=2000)
    ap.add_argument('--only', action='append', choices=sorted(SCENARIOS), help='scenarios to run')
    a = ap.parse_args()
    until = a.until or '? help'
    names = a.only or list(SCENARIOS)
    got = {(b, n): ([], []) for b in a.bin for n in names}
    for _ in range(a.rounds):
        for n in names:
            for b in a.bin:
                pre, keys, which = SCENARIOS[n]
                cmd = [b, '--workspace', a.ws, a.tree]
                _, firsts, dones = keylat.run(cmd, 120, 40, pre, keys, a.quiet, a.repeat, a.settle, until)
                per = len(keys)
                if len(firsts) != per * a.repeat:
                    print(f'warning: {n}: {len(firsts)} answers for {per * a.repeat} keys', file=sys.stderr)
                for r in range(len(firsts) // per):
                    got[(b, n)][0].extend(firsts[r * per:(r + 1) * per][which])
                    got[(b, n)][1].extend(dones[r * per:(r + 1) * per][which])
    load = ' '.join(f'{x:.2f}' for x in os.getloadavg())
    print(f'load average {load}; quiet window {a.quiet:.0f} ms')
    for n in names:
        for b in a.bin:
            f, d = got[(b, n)]
            print(f'{n:15} {b}: keys={len(f)} first p50={pct(f, 50):.1f} p99={pct(f, 99):.1f} max={max(f, default=float("nan")):.1f} ms'
                  f' | done p50={pct(d, 50):.1f} p99={pct(d, 99):.1f} ms')


if __name__ == '__main__':
    main()
