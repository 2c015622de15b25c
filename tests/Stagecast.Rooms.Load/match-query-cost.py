#!/usr/bin/env python3
# Times the LIVE Match score query (grains/Matches/RoomGiftFacts.cs) on SQLite over a ledger_hold table of 300,000 gift
# rows (5 minutes at 1,000 gifts/s over two rooms): the whole window, the last settle window (5.25 s) and the 250 ms step.
# Usage: python3 tests/Stagecast.Rooms.Load/match-query-cost.py (docs/BENCHMARKS.md, docs/match.md)
import sqlite3, time, random, os, statistics
p='/tmp/stagecast-match-query-cost.db'
if os.path.exists(p): os.remove(p)
c=sqlite3.connect(p)
c.executescript("""CREATE TABLE ledger_hold (tx_key TEXT PRIMARY KEY, creator_id TEXT NOT NULL, sender_id TEXT NOT NULL, room_id TEXT NOT NULL,
 gift_id TEXT NOT NULL, coins BIGINT NOT NULL, diamonds BIGINT NOT NULL, at BIGINT NOT NULL, release_at BIGINT NOT NULL, state TEXT NOT NULL);
CREATE INDEX ix_ledger_hold_room ON ledger_hold (room_id, at);""")
t0=1_800_000_000_000; rng=random.Random(1)
rows=[]
# 5 minutes at 1,000 gifts/s split across the two rooms of a match, 2,000 distinct senders
for i in range(300_000):
    at=t0+i*1  # one per ms
    rows.append((f"k{i}","c",f"u{rng.randrange(2000)}","r1" if i%2==0 else "r2","rose",rng.randrange(1,100),0,at,at+1,"held"))
c.executemany("INSERT INTO ledger_hold VALUES (?,?,?,?,?,?,?,?,?,?)",rows); c.commit()
q="SELECT sender_id, SUM(coins), SUM(CASE WHEN at >= ? THEN coins ELSE 0 END) FROM ledger_hold WHERE room_id = ? AND at >= ? AND at < ? GROUP BY sender_id"
end=t0+300_000
def bench(frm, n=40):
    ts=[]
    for _ in range(n):
        s=time.perf_counter(); c.execute(q,(end-30000,"r1",frm,end)).fetchall(); ts.append((time.perf_counter()-s)*1000)
    ts.sort(); return statistics.median(ts), ts[int(len(ts)*0.95)]
print("full window (5 min, 150k rows of the room): p50 %.1f ms p95 %.1f ms"%bench(t0))
print("settle window (last 5.25 s, ~2.6k rows):    p50 %.2f ms p95 %.2f ms"%bench(end-5250))
print("settled step (last 250 ms):                  p50 %.3f ms p95 %.3f ms"%bench(end-250))
