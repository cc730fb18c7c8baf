#!/usr/bin/env python3
"""Unit tests of the annotation tools (standard library only).

Run from the repository root:
    python3 -m unittest discover -s evaluation/tools -p 'test_*.py'
or from evaluation/tools: python3 -m unittest test_tools
"""
import contextlib
import io
import json
import os
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import agreement  # noqa: E402
import build_gold  # noqa: E402
import diff_gold  # noqa: E402
import disagreements  # noqa: E402
from build_gold import AnnotationError, RecordError, parse_line  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(HERE))
DOC = "Pyongyang denounced Tokyo.  Seoul agreed."
V1 = ["neg\t[[Pyongyang|LOC|neg]] denounced [[Tokyo|LOC|neu]].",
      "pos\t[[Seoul|LOC|pos]] agreed."]
V2 = ["neg\t[[Pyongyang|LOC|neg|PRK]] denounced [[Tokyo|LOC|neu|JPN]].\t1>2:neg",
      "pos\t[[Seoul|LOC|pos|KOR]] agreed."]


def lines(xs):
    return list(enumerate(xs, 1))


class TempDir:
    def __enter__(self):
        self.d = tempfile.TemporaryDirectory()
        return self

    def __exit__(self, *exc):
        self.d.cleanup()

    def write(self, name, text):
        path = os.path.join(self.d.name, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return path


def run(fn, argv):
    """Call a tool's main(argv); return (code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = fn(argv)
        except SystemExit as e:
            code = e.code
    return code, out.getvalue(), err.getvalue()


class ParseLineTest(unittest.TestCase):
    def test_v1_line(self):
        u = parse_line(V1[0], 1)
        self.assertEqual(u.tone, "neg")
        self.assertEqual(u.text, "Pyongyang denounced Tokyo.")
        self.assertEqual([(m.start, m.end, m.text, m.label, m.stance, m.actor) for m in u.mentions],
                         [(0, 9, "Pyongyang", "LOC", "neg", None), (20, 25, "Tokyo", "LOC", "neu", None)])
        self.assertIsNone(u.relations)

    def test_v2_line(self):
        u = parse_line("neg\t[[Pyongyang|LOC|neg|PRK]] denounced [[Tokyo|LOC|neu|JPN]] and "
                       "[[Kim|PER|neu|?]] the [[Six-Party Talks|MISC|neu|-]] with [[Lee Myung-bak|PER|neu|"
                       "per/lee-myung-bak]] of [[GNP|ORG|neu|org/gnp]] in [[East Asia|LOC|neu|loc/east-asia]]"
                       " for [[Kurds|MISC|neu|grp/kurds]].\t3>1:pos 1>2:neg", 4)
        self.assertEqual([m.actor for m in u.mentions],
                         ["PRK", "JPN", "?", "-", "per/lee-myung-bak", "org/gnp", "loc/east-asia", "grp/kurds"])
        self.assertEqual(u.relations, [(0, 1, "neg"), (2, 0, "pos")])

    def test_v2_without_relations_field_and_empty_field(self):
        self.assertIsNone(parse_line("neu\t[[Japan|LOC|neu|JPN]]", 1).relations)
        self.assertEqual(parse_line("neu\t[[Japan|LOC|neu|JPN]] [[Seoul|LOC|neu|KOR]]\t-", 1).relations, [])
        self.assertEqual(parse_line("neu\t[[Japan|LOC|neu|JPN]] [[Seoul|LOC|neu|KOR]]\t", 1).relations, [])
        self.assertEqual(parse_line("neu\tx\t-", 1).relations, [])

    def test_relations_without_actors(self):
        u = parse_line("pos\t[[Tokyo|LOC|pos]] and [[Seoul|LOC|pos]] agreed.\t1>2:pos 2>1:pos", 1)
        self.assertEqual(u.relations, [(0, 1, "pos"), (1, 0, "pos")])

    def test_markup_errors(self):
        cases = [
            ("neu [[Japan|LOC|neu]]", r"line 7: no TAB after the tone label"),
            ("neu\tx\t-\tmore", r"line 7: 4 TAB-separated fields, at most 3"),
            ("neutral\tx", r"line 7: tone 'neutral' is not neg/neu/pos"),
            ("neu\t[[Japan|GPE|neu]]", r"line 7: entity type 'GPE'"),
            ("neu\t[[Japan|LOC|xyz]]", r"line 7: stance 'xyz'"),
            ("neu\t[[ Japan|LOC|neu]]", r"line 7: mention ' Japan' has outer whitespace"),
            ("neu\t[[Japan|LOC|neu|JPN|x]]", r"line 7: malformed markup"),
            ("neu\t[[Japan|LOC|neu]] [[x|y|LOC|neu]]", r"line 7: malformed markup"),
            ("neu\t[[Japan|LOC]] x", r"line 7: unparsed markup"),
            ("neu\tx]] y", r"line 7: unparsed markup"),
            ("neu\t   ", r"line 7: empty unit"),
        ]
        for line, msg in cases:
            with self.subTest(line=line):
                with self.assertRaisesRegex(AnnotationError, msg):
                    parse_line(line, 7)

    def test_actor_id_errors(self):
        for actor in ("jpn", "JP", "JPNX", "J1N", "per/Lee", "per/", "org/a--b", "per/-a", "loc/a-",
                      "per/lee_myung", "x/abc", "per/lee/x", "", "--", "??", "Japan"):
            with self.subTest(actor=actor):
                with self.assertRaisesRegex(AnnotationError, r"line 3: actor .* is not an actor id"):
                    parse_line(f"neu\t[[Japan|LOC|neu|{actor}]]", 3)

    def test_actor_ids_valid(self):
        for actor in ("JPN", "XKX", "SUN", "-", "?", "per/lee-myung-bak", "org/un-security-council",
                      "loc/dokdo-takeshima", "grp/arabs", "org/18th-national-congress-of-the-cpc", "per/a"):
            with self.subTest(actor=actor):
                self.assertEqual(parse_line(f"neu\t[[Japan|LOC|neu|{actor}]]", 1).mentions[0].actor, actor)

    def test_relation_errors(self):
        two = "neg\t[[Pyongyang|LOC|neg|PRK]] denounced [[Tokyo|LOC|neu|JPN]].\t"
        cases = [
            ("1>2", r"relation '1>2' is not S>T:pos or S>T:neg"),
            ("1-2:pos", r"relation '1-2:pos' is not"),
            ("1>2:neu", r"relation '1>2:neu' is not"),
            ("1>2:none", r"relation '1>2:none' is not"),
            ("a>b:pos", r"relation 'a>b:pos' is not"),
            ("1>2:pos -", r"relation '-' is not"),
            ("1>2:pos,2>1:pos", r"relation '1>2:pos,2>1:pos' is not"),
            ("0>2:neg", r"relation '0>2:neg': no mention 0 \(the line has 2\)"),
            ("1>3:neg", r"relation '1>3:neg': no mention 3 \(the line has 2\)"),
            ("2>2:neg", r"relation '2>2:neg' relates a mention to itself"),
            ("1>2:neg 1>2:pos", r"relation 1>2 is listed twice"),
            ("1>2:neg 1>2:neg", r"relation 1>2 is listed twice"),
        ]
        for field, msg in cases:
            with self.subTest(field=field):
                with self.assertRaisesRegex(AnnotationError, "line 5: " + msg):
                    parse_line(two + field, 5)

    def test_relation_same_actor_and_no_actor(self):
        with self.assertRaisesRegex(AnnotationError, r"line 2: relation '1>2:neg': mentions 1 and 2 "
                                                     r"are the same actor 'PRK'"):
            parse_line("neg\t[[Pyongyang|LOC|neg|PRK]] and [[North Korea|LOC|neg|PRK]]\t1>2:neg", 2)
        with self.assertRaisesRegex(AnnotationError, r"line 2: relation '1>2:pos': mention 2 "
                                                     r"'Six-Party Talks' names no actor"):
            parse_line("pos\t[[Japan|LOC|pos|JPN]] in the [[Six-Party Talks|MISC|neu|-]]\t1>2:pos", 2)
        # two undetermined actors may relate
        self.assertEqual(parse_line("neg\t[[Kim|PER|neg|?]] and [[Kim|PER|neg|?]]\t1>2:neg", 2).relations,
                         [(0, 1, "neg")])


class ParseFileTest(unittest.TestCase):
    def test_layers(self):
        self.assertEqual(build_gold.parse_file(lines(V1))[1], ["sentences", "entities", "tone", "stance"])
        self.assertEqual(build_gold.parse_file(lines(V2))[1],
                         ["sentences", "entities", "tone", "stance", "actors", "relations"])
        actors_only = [V2[0].rsplit("\t", 1)[0], V2[1]]
        self.assertEqual(build_gold.parse_file(lines(actors_only))[1][-1], "actors")

    def test_actor_all_or_none(self):
        with self.assertRaisesRegex(AnnotationError, r"line 2: mention 'Seoul' has no actor field, "
                                                     r"but line 1 gives one"):
            build_gold.parse_file(lines([V2[0], V1[1]]))
        with self.assertRaisesRegex(AnnotationError, r"line 1: mention 'Pyongyang' has no actor field, "
                                                     r"but line 2 gives one"):
            build_gold.parse_file(lines([V1[0], V2[1]]))

    def test_relations_needed_on_lines_with_two_mentions(self):
        with self.assertRaisesRegex(AnnotationError, r"line 1: no relations field, but line 2 has one"):
            build_gold.parse_file(lines([V1[0], V1[1] + "\t-"]))
        # a line with fewer than two mentions may omit it
        build_gold.parse_file(lines([V1[0] + "\t1>2:neg", V1[1]]))


class BuildDocumentTest(unittest.TestCase):
    def test_v1_record(self):
        rec = build_gold.build(DOC, lines(V1), "d.txt")
        self.assertEqual(list(rec), ["id", "sentences", "entities", "text"])
        self.assertEqual(rec["sentences"][0], {"start": 0, "end": 26, "text": "Pyongyang denounced Tokyo.",
                                               "tone": {"label": "negative"}})
        self.assertEqual(rec["sentences"][1]["start"], 28)
        self.assertEqual(rec["entities"][2], {"start": 28, "end": 33, "text": "Seoul", "label": "LOC",
                                              "sentence": 1, "stance": {"label": "positive"}})

    def test_v2_record(self):
        doc = "Pyongyang denounced Tokyo.  Seoul and Kim met the Six-Party Talks."
        ann = ["neg\t[[Pyongyang|LOC|neg|PRK]] denounced [[Tokyo|LOC|neu|JPN]].\t1>2:neg",
               "pos\t[[Seoul|LOC|pos|KOR]] and [[Kim|PER|pos|?]] met the [[Six-Party Talks|MISC|neu|-]]."
               "\t2>1:pos 1>2:pos"]
        rec = build_gold.build(doc, lines(ann), "d.txt")
        self.assertEqual(list(rec), ["id", "annotated", "sentences", "entities", "text"])
        self.assertEqual(rec["annotated"], ["sentences", "entities", "tone", "stance", "actors", "relations"])
        self.assertEqual([e.get("actor") for e in rec["entities"]],
                         [{"id": "PRK"}, {"id": "JPN"}, {"id": "KOR"}, None, None])
        self.assertEqual(rec["sentences"][0]["relations"],
                         [{"source": 0, "target": 1, "label": "negative"}])
        self.assertEqual(rec["sentences"][1]["relations"],
                         [{"source": 2, "target": 3, "label": "positive"},
                          {"source": 3, "target": 2, "label": "positive"}])

    def test_every_sentence_has_relations_when_annotated(self):
        rec = build_gold.build(DOC, lines([V1[0] + "\t-", V1[1]]), "d.txt")
        self.assertEqual([s["relations"] for s in rec["sentences"]], [[], []])
        self.assertEqual(rec["annotated"][-1], "relations")

    def test_whitespace_runs_and_line_breaks(self):
        doc = "Japan-Korea\nRelations:\n\n  Tokyo   agreed."
        rec = build_gold.build(doc, lines(["neu\t[[Japan|LOC|neu]]-[[Korea|LOC|neu]] Relations:",
                                           "pos\t[[Tokyo|LOC|pos]] agreed."]), "d")
        self.assertEqual(rec["sentences"][0]["text"], "Japan-Korea\nRelations:")
        self.assertEqual(rec["entities"][2]["start"], doc.index("Tokyo"))

    def test_alignment_errors(self):
        cases = [
            (["neg\tPyongyang denounced Seoul.", V1[1]], r"line 1: mismatch at unit char 20"),
            (["neg\tPyongyang denouncedTokyo.", V1[1]], r"line 1: whitespace missing before unit char 19"),
            (["neg\tPyong yang denounced Tokyo.", V1[1]], r"line 1: extra whitespace before unit char 6"),
            ([V1[0], "pos\tSeoul agreed. More"], r"line 2: document ended while matching 'More'"),
            ([V1[0]], r"after line 1: document text not covered by any unit, from char 28: 'Seoul agreed.'"),
        ]
        for ann, msg in cases:
            with self.subTest(ann=ann):
                with self.assertRaisesRegex(AnnotationError, msg):
                    build_gold.build(DOC, lines(ann), "d")

    def test_read_annotations_blank_line(self):
        with TempDir() as t:
            p = t.write("a.txt", V1[0] + "\n\n" + V1[1] + "\n")
            with self.assertRaisesRegex(AnnotationError, r"line 2: blank line"):
                build_gold.read_annotations(p)
            p = t.write("b.txt", V1[0] + "\r\n" + V1[1] + "\r\n")
            self.assertEqual(build_gold.read_annotations(p), lines(V1))

    def test_main_document_mode(self):
        with TempDir() as t:
            doc, ann = t.write("d.txt", DOC), t.write("a.txt", "\n".join(V2) + "\n")
            out = os.path.join(t.d.name, "o.jsonl")
            code, _, err = run(build_gold.main, [doc, ann, out, "--id", "d.txt"])
            self.assertEqual(code, 0, err)
            self.assertIn("2 sentences, 3 entities, 3 with an actor id, 1 relations", err)
            with open(out, encoding="utf-8") as f:
                self.assertEqual(json.loads(f.read())["id"], "d.txt")
            bad = t.write("bad.txt", V1[0] + "\n")
            code, _, err = run(build_gold.main, [doc, bad, out, "--id", "d.txt"])
            self.assertEqual(code, 1)
            self.assertRegex(err, r"bad\.txt: after line 1: document text not covered")

    def test_main_usage_errors(self):
        for argv in (["d.txt", "a.txt", "o.jsonl"], ["a.txt", "o.jsonl", "--id", "x"],
                     ["--sentences", "r.jsonl", "d.txt", "a.txt", "o.jsonl"],
                     ["--sentences", "r.jsonl", "a.txt", "o.jsonl", "--id", "x"]):
            with self.subTest(argv=argv):
                code, _, err = run(build_gold.main, argv)
                self.assertEqual(code, 2)
                self.assertIn("error:", err)


class BuildSentencesTest(unittest.TestCase):
    RECS = [(1, {"id": "KOR_58_2003#1", "text": "We welcome  the North.", "year": 2003, "iso": "KOR"}),
            (3, {"id": "PRK_72_2017#2", "text": "Japan refused.", "session": 72})]
    ANN = ["pos\tWe welcome the [[North|LOC|pos|PRK]].", "neg\t[[Japan|LOC|neg|JPN]] refused."]

    def test_records(self):
        out = build_gold.build_sentences(self.RECS, lines(self.ANN), "r.jsonl")
        self.assertEqual(len(out), 2)
        self.assertEqual(list(out[0]), ["id", "annotated", "sentences", "entities", "text", "year", "iso"])
        self.assertEqual(out[0]["sentences"], [{"start": 0, "end": 22, "text": "We welcome  the North.",
                                                "tone": {"label": "positive"}}])
        self.assertEqual(out[0]["entities"][0]["actor"], {"id": "PRK"})
        self.assertEqual((out[1]["id"], out[1]["session"]), ("PRK_72_2017#2", 72))
        self.assertEqual(out[1]["entities"][0]["start"], 0)

    def test_count_mismatch(self):
        with self.assertRaisesRegex(AnnotationError, r"1 annotation lines but 2 records in r\.jsonl"):
            build_gold.build_sentences(self.RECS, lines(self.ANN[:1]), "r.jsonl")

    def test_text_mismatch_names_record(self):
        with self.assertRaisesRegex(AnnotationError, r"line 2: mismatch .* \[record 'PRK_72_2017#2', "
                                                     r"r\.jsonl:3\]"):
            build_gold.build_sentences(self.RECS, lines([self.ANN[0], "neg\tJapan agreed."]), "r.jsonl")
        with self.assertRaisesRegex(AnnotationError, r"after line 2: document text not covered .* "
                                                     r"\[record 'PRK_72_2017#2'"):
            build_gold.build_sentences(self.RECS, lines([self.ANN[0], "neg\tJapan"]), "r.jsonl")

    def test_layers_are_per_file(self):
        with self.assertRaisesRegex(AnnotationError, r"line 2: mention 'Japan' has no actor field"):
            build_gold.build_sentences(self.RECS, lines([self.ANN[0], "neg\t[[Japan|LOC|neg]] refused."]),
                                       "r.jsonl")

    def test_read_records_errors(self):
        cases = [
            ("{not json}\n", r"r\.jsonl:1: not a JSON object"),
            ("[1, 2]\n", r"r\.jsonl:1: not a JSON object"),
            ('{"text": "x"}\n', r"r\.jsonl:1: no string field 'id'"),
            ('{"id": "a", "text": 3}\n', r"r\.jsonl:1: no string field 'text'"),
            ('{"id": "a", "text": "  "}\n', r"r\.jsonl:1: empty text"),
            ('{"id": "a", "text": "x", "entities": []}\n', r"r\.jsonl:1: field 'entities' is written"),
            ('{"id": "a", "text": "x"}\n\n{"id": "a", "text": "y"}\n',
             r"r\.jsonl:3: duplicate id 'a' \(first on line 1\)"),
        ]
        with TempDir() as t:
            for text, msg in cases:
                with self.subTest(text=text):
                    p = t.write("r.jsonl", text)
                    with self.assertRaisesRegex(RecordError, msg):
                        build_gold.read_records(p)
            p = t.write("r.jsonl", '{"id": "a", "text": "x"}\n\n{"id": "b", "text": "y", "m": 1}\n')
            self.assertEqual(build_gold.read_records(p),
                             [(1, {"id": "a", "text": "x"}), (3, {"id": "b", "text": "y", "m": 1})])

    def test_main_sentences_mode(self):
        with TempDir() as t:
            recs = t.write("r.jsonl", "".join(json.dumps(r) + "\n" for _, r in self.RECS))
            ann = t.write("a.txt", "\n".join(self.ANN) + "\n")
            out = os.path.join(t.d.name, "o.jsonl")
            code, _, err = run(build_gold.main, ["--sentences", recs, ann, out])
            self.assertEqual(code, 0, err)
            self.assertIn("2 records, 2 sentences, 2 entities", err)
            with open(out, encoding="utf-8") as f:
                self.assertEqual([json.loads(x)["id"] for x in f], ["KOR_58_2003#1", "PRK_72_2017#2"])
            bad = t.write("bad.jsonl", '{"id": "a"}\n')
            code, _, err = run(build_gold.main, ["--sentences", bad, ann, out])
            self.assertEqual(code, 1)
            self.assertRegex(err, r"bad\.jsonl:1: no string field 'text'")


def record(tone_key="tone", actors=None, relations=None, stance=("neg", "neu", "pos")):
    """A two-sentence record; actors: 3 ids or None; relations: list per sentence or None."""
    pol = {"neg": "negative", "neu": "neutral", "pos": "positive"}
    rec = {"id": "d", "text": DOC}
    sents = [{"start": 0, "end": 26, "text": DOC[:26], tone_key: {"label": "negative"}},
             {"start": 28, "end": 41, "text": DOC[28:], tone_key: {"label": "positive"}}]
    ents = [{"start": 0, "end": 9, "text": "Pyongyang", "label": "LOC", "sentence": 0},
            {"start": 20, "end": 25, "text": "Tokyo", "label": "LOC", "sentence": 0},
            {"start": 28, "end": 33, "text": "Seoul", "label": "LOC", "sentence": 1}]
    for e, s in zip(ents, stance):
        e["stance"] = {"label": pol[s]}
    layers = ["sentences", "entities", "tone", "stance"]
    if actors is not None:
        layers.append("actors")
        for e, a in zip(ents, actors):
            if a:
                e["actor"] = {"id": a}
    if relations is not None:
        layers.append("relations")
        for s, r in zip(sents, relations):
            s["relations"] = r
    if len(layers) > 4:
        rec["annotated"] = layers
    rec.update({"sentences": sents, "entities": ents})
    return rec


class AgreementTest(unittest.TestCase):
    def test_bcubed(self):
        self.assertEqual(agreement.bcubed(["A", "A", "B"], ["A", "A", "B"]), (3.0, 3.0, 3))
        p, r, n = agreement.bcubed(["A", "A", "A"], ["A", "B", None])
        self.assertEqual(n, 3)
        self.assertAlmostEqual(p, 3.0)        # every b cluster is pure
        self.assertAlmostEqual(r, 1.0)        # each mention finds 1 of its 3
        p, r, _ = agreement.bcubed([None, None], [None, None])
        self.assertEqual((p, r), (2.0, 2.0))  # singletons agree

    def test_tone_read_from_both_keys(self):
        t = agreement.Tally()
        t.add(record("sentiment"), record("tone"))
        r = t.report()
        self.assertEqual((r["tone"]["n"], r["tone"]["accuracy"]), (2, 1.0))
        self.assertIsNone(r["actors"])
        self.assertIsNone(r["relations"])

    def test_actors_and_relations(self):
        neg = {"source": 0, "target": 1, "label": "negative"}
        pos = {"source": 1, "target": 0, "label": "positive"}
        a = record(actors=["PRK", "JPN", "KOR"], relations=[[neg], []])
        b = record(actors=["PRK", None, "KOR"], relations=[[neg, pos], []])
        t = agreement.Tally()
        t.add(a, b)
        r = t.report()
        self.assertEqual((r["actors"]["n"], r["actors"]["accuracy"]), (3, 2 / 3))
        self.assertEqual(r["actors"]["bcubed"]["f1"], 1.0)  # all singletons either way
        rel = r["relations"]
        self.assertEqual(rel["n"], 2)                       # ordered pairs within sentence 0
        self.assertEqual(rel["counts_a"], {"none": 1, "negative": 1, "positive": 0})
        self.assertEqual(rel["counts_b"], {"none": 0, "negative": 1, "positive": 1})
        self.assertEqual((rel["polar"]["a"], rel["polar"]["b"], rel["polar"]["matched"]), (1, 2, 1))
        self.assertEqual(rel["confusion_a_rows_b_cols"]["none"]["positive"], 1)

    def test_cli(self):
        with TempDir() as t:
            a = t.write("a.jsonl", json.dumps(record("sentiment")) + "\n")
            b = t.write("b.jsonl", json.dumps(record(actors=["PRK", "JPN", "KOR"])) + "\n")
            code, out, _ = run(agreement.main, [a, b])
            self.assertEqual(code, 0)
            self.assertIn("tone                 accuracy 1.000", out)
            self.assertIn("actors               not annotated in both", out)


class DisagreementsTest(unittest.TestCase):
    def test_actor_and_relation_rows(self):
        p1 = V2
        p2 = ["neg\t[[Pyongyang|LOC|neu|PRK]] denounced [[Tokyo|LOC|neu|?]].\t1>2:neg 2>1:neg",
              "neu\t[[Seoul|LOC|pos|KOR]] agreed."]
        fin = ["neg\t[[Pyongyang|LOC|neg|PRK]] denounced [[Tokyo|LOC|neu|JPN]].\t1>2:neg",
               "pos\t[[Seoul|LOC|pos|org/x]] agreed."]
        with TempDir() as t:
            a, b, f = (t.write(n, "\n".join(x) + "\n") for n, x in (("1", p1), ("2", p2), ("f", fin)))
            code, out, _ = run(disagreements.main, [a, b, "--final", f])
            self.assertEqual(code, 0)
            rows = [r.split("\t") for r in out.splitlines()[1:]]
            self.assertIn(["1", "stance", "0", "Pyongyang", "LOC", "neg", "neu", "neg", "pass1"], rows)
            self.assertIn(["1", "actor", "1", "Tokyo", "LOC", "JPN", "?", "JPN", "pass1"], rows)
            self.assertIn(["1", "relation", "2>1", "Tokyo > Pyongyang", "LOC>LOC", "none", "neg", "none",
                           "pass1"], rows)
            self.assertIn(["2", "tone", "", "", "", "pos", "neu", "pos", "pass1"], rows)
            self.assertIn(["2", "actor", "0", "Seoul", "LOC", "KOR", "KOR", "org/x", "changed-agreed"], rows)
            code, out, _ = run(disagreements.main, [a, b, "--summary"])
            self.assertEqual(out.splitlines(), ["tone: differ=1", "stance: differ=1", "actor: differ=1",
                                                "relation: differ=1"])

    def test_v1_files_compare_tone_and_stance_only(self):
        with TempDir() as t:
            a = t.write("1", "\n".join(V1) + "\n")
            b = t.write("2", "\n".join(V2) + "\n")
            code, out, err = run(disagreements.main, [a, b, "--summary"])
            self.assertEqual(code, 0)
            self.assertEqual(out.splitlines(), ["tone: none", "stance: none"])
            self.assertIn("actors not annotated in every file", err)

    def test_errors(self):
        with TempDir() as t:
            a = t.write("1", "\n".join(V1) + "\n")
            b = t.write("2", V1[0] + "\n")
            self.assertIn("different numbers of units", str(run(disagreements.main, [a, b])[0]))
            c = t.write("3", V1[0] + "\npos\t[[Seoul|ORG|pos]] agreed.\n")
            self.assertIn("line 2: mentions differ", str(run(disagreements.main, [a, c])[0]))
            d = t.write("4", V1[0] + "\nbad\tx\n")
            self.assertRegex(str(run(disagreements.main, [a, d])[0]), r"4: line 2: tone 'bad'")


class DiffGoldTest(unittest.TestCase):
    def test_tone_rename_is_no_change(self):
        self.assertEqual(diff_gold.diff(record("sentiment"), record("tone")), [])

    def test_label_changes_and_added_layer(self):
        new = record(actors=["PRK", "JPN", None], stance=("neg", "neg", "pos"))
        rows = diff_gold.diff(record("sentiment"), new)
        self.assertEqual(rows, [["d", "stance", "0", "1", "Tokyo", "neutral", "negative"],
                                ["d", "actors", "", "", "layer added", "", ""]])

    def test_structural_change_is_an_error(self):
        new = record()
        new["entities"][0]["end"] = 8
        with self.assertRaisesRegex(ValueError, "entity spans"):
            diff_gold.diff(record(), new)
        new = record()
        new["sentences"][0]["extra"] = 1
        with self.assertRaisesRegex(ValueError, "more than labels"):
            diff_gold.diff(record(), new)


class CorpusGoldTest(unittest.TestCase):
    """The committed gold JSONL is what the annotation files build to."""

    def test_gold_is_built_from_annotations(self):
        gold = os.path.join(ROOT, "evaluation", "gold")
        stems = [f[:-4] for f in sorted(os.listdir(os.path.join(gold, "annotations")))
                 if f.endswith(".txt") and ".pass" not in f] if os.path.isdir(gold) else []
        if not stems:
            self.skipTest("no gold annotations")
        for stem in stems:
            with self.subTest(stem=stem):
                with open(os.path.join(ROOT, "corpus", stem + ".txt"), encoding="utf-8", newline="") as f:
                    doc = f.read()
                ann = build_gold.read_annotations(os.path.join(gold, "annotations", stem + ".txt"))
                with open(os.path.join(gold, stem + ".jsonl"), encoding="utf-8") as f:
                    self.assertEqual(build_gold.build(doc, ann, stem + ".txt"), json.loads(f.read()))


if __name__ == "__main__":
    unittest.main()
