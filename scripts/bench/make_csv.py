#!/usr/bin/env python3
"""Writes a roster-like UTF-8 CSV of about SIZE megabytes for the CSV benchmarks (seeded)."""
import random
import sys

size_mb = int(sys.argv[2]) if len(sys.argv) > 2 else 300
random.seed(7)
surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
given = "小明华伟芳娜静丽强磊军洋勇艳杰娟涛超秀英霞平刚桂"
schools = ["盂县秀水镇第一小学", "平定县冠山中学", "阳泉市城区实验小学", "矿区桃北中学"]
statuses = ["在读", "在读", "在读", "休学", "转出"]
lines = []
with open(sys.argv[1], "w", encoding="utf-8") as out:
    out.write("id,name,sex,birth,school,grade,status,address\n")
    written = 0
    while written < size_mb * 1_000_000:
        rows = []
        for _ in range(10000):
            ident = "1403%02d%04d%02d%02d%03d%s" % (random.randint(1, 30), random.randint(2008, 2020),
                    random.randint(1, 12), random.randint(1, 28), random.randint(0, 999), random.choice("0123456789X"))
            name = random.choice(surnames) + "".join(random.choice(given) for _ in range(random.randint(1, 2)))
            address = "山西省阳泉市盂县%s村%d号" % (random.choice(given), random.randint(1, 300))
            if random.random() < 0.1:
                address = '"' + address + '，东,院"'
            rows.append("%s,%s,%s,%d-%02d-%02d,%s,%d,%s,%s\n" % (ident, name, random.choice("男女"),
                        random.randint(2008, 2020), random.randint(1, 12), random.randint(1, 28),
                        random.choice(schools), random.randint(1, 9), random.choice(statuses), address))
        chunk = "".join(rows)
        out.write(chunk)
        written += len(chunk.encode("utf-8"))
