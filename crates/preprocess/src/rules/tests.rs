//! One test per class of rule, on cases written for this project.

use crate::{RuleSplitter, SentenceSplitter};

fn split(text: &str) -> Vec<String> {
    RuleSplitter
        .split(text)
        .iter()
        .map(|s| text[s.range()].to_string())
        .collect()
}

#[track_caller]
fn check(text: &str, expected: &[&str]) {
    assert_eq!(split(text), expected, "input: {text:?}");
}

#[test]
fn plain_stops() {
    check(
        "Tokyo agreed. Seoul did not.",
        &["Tokyo agreed.", "Seoul did not."],
    );
    check(
        "Is it over? Not yet! Wait.",
        &["Is it over?", "Not yet!", "Wait."],
    );
    check(
        "Really?! Yes!! Are you sure??",
        &["Really?!", "Yes!!", "Are you sure??"],
    );
    check(
        "  Leading and trailing space.  \n",
        &["Leading and trailing space."],
    );
    check("", &[]);
    check(" \n\t ", &[]);
    check("No final stop", &["No final stop"]);
}

#[test]
fn no_split_before_lower_case() {
    check(
        "She works at Yahoo! in Tokyo.",
        &["She works at Yahoo! in Tokyo."],
    );
    check(
        "He said “it is done.” and left.",
        &["He said “it is done.” and left."],
    );
    check(
        "The talks (which began in May.) went on.",
        &["The talks (which began in May.) went on."],
    );
}

#[test]
fn prepositive_abbreviations_never_end_sentences() {
    check(
        "Mr. Wang and Dr. Gu met Gen. Kim at Mt. Paektu.",
        &["Mr. Wang and Dr. Gu met Gen. Kim at Mt. Paektu."],
    );
    check(
        "St. Mary's is on 5th st. near the port.",
        &["St. Mary's is on 5th st. near the port."],
    );
}

#[test]
fn ambiguous_abbreviations_end_sentences_before_openers() {
    check(
        "Pyongyang wants removal from the U.S. list. The U.S. Congress objects.",
        &[
            "Pyongyang wants removal from the U.S. list.",
            "The U.S. Congress objects.",
        ],
    );
    check(
        "Protesters railed against the U.S. By June, crowds had grown.",
        &[
            "Protesters railed against the U.S.",
            "By June, crowds had grown.",
        ],
    );
    check(
        "He moved to the E.U. How did it go?",
        &["He moved to the E.U.", "How did it go?"],
    );
    check(
        "They bought Smith & Co. It was cheap. Smith & Co. shares rose.",
        &[
            "They bought Smith & Co.",
            "It was cheap.",
            "Smith & Co. shares rose.",
        ],
    );
    check(
        "Oil, gas, coal, etc. Japan buys them all.",
        &["Oil, gas, coal, etc.", "Japan buys them all."],
    );
}

#[test]
fn inner_abbreviations_never_end_sentences() {
    check(
        "Some allies, e.g. Japan, agreed; others, i.e. Korea, did not.",
        &["Some allies, e.g. Japan, agreed; others, i.e. Korea, did not."],
    );
    check("It was Japan vs. Korea.", &["It was Japan vs. Korea."]);
}

#[test]
fn abbreviations_before_numbers() {
    check(
        "See p. 55 and No. 4 of Vol. 2, dated Jan. 23.",
        &["See p. 55 and No. 4 of Vol. 2, dated Jan. 23."],
    );
    check(
        "Onagawa No. 4 Junior High School.",
        &["Onagawa No. 4 Junior High School."],
    );
}

#[test]
fn times_of_day() {
    check(
        "At 9 a.m. Mr. Lee arrived. He left at 5 P.M. Mr. Kim stayed.",
        &[
            "At 9 a.m. Mr. Lee arrived.",
            "He left at 5 P.M.",
            "Mr. Kim stayed.",
        ],
    );
    check(
        "The talks end at 6 p.m. tomorrow.",
        &["The talks end at 6 p.m. tomorrow."],
    );
}

#[test]
fn initials_and_the_pronoun_i() {
    check(
        "George W. Bush met J. R. Smith.",
        &["George W. Bush met J. R. Smith."],
    );
    check(
        "It was decided by you and I. Then Harry S. Truman spoke.",
        &[
            "It was decided by you and I.",
            "Then Harry S. Truman spoke.",
        ],
    );
    check(
        "Japan's rule ended with World War I. The war changed Asia.",
        &[
            "Japan's rule ended with World War I.",
            "The war changed Asia.",
        ],
    );
}

#[test]
fn numbers_decimals_and_currency() {
    check(
        "Exports rose 27.2 percent to \\$39.49 billion. Imports fell.",
        &[
            "Exports rose 27.2 percent to \\$39.49 billion.",
            "Imports fell.",
        ],
    );
    check(
        "The target is ¥1,000 trillion ($9.4 trillion) by 2012. It is ambitious.",
        &[
            "The target is ¥1,000 trillion ($9.4 trillion) by 2012.",
            "It is ambitious.",
        ],
    );
    check(
        "They paid $100.00. It was cheap.",
        &["They paid $100.00.", "It was cheap."],
    );
    check(
        "The total reached 7,200. 443,000 of them were residents.",
        &[
            "The total reached 7,200.",
            "443,000 of them were residents.",
        ],
    );
    check(
        "It lies at N°. 1026.253.553. That is the place.",
        &["It lies at N°. 1026.253.553.", "That is the place."],
    );
}

#[test]
fn ellipses() {
    check(
        "I never meant that.... She left.",
        &["I never meant that....", "She left."],
    );
    check("Wait... Then go.", &["Wait...", "Then go."]);
    check("Wait… Then go.", &["Wait…", "Then go."]);
    check("Well... maybe not.", &["Well... maybe not."]);
    check(
        "The thing is . . . I didn't mean it.",
        &["The thing is . . . I didn't mean it."],
    );
    check(
        "End it with a period . . . . Next one.",
        &["End it with a period . . . .", "Next one."],
    );
    check(
        "\"Bohr [...] used stairways [...]\" (Smith 55).",
        &["\"Bohr [...] used stairways [...]\" (Smith 55)."],
    );
}

#[test]
fn closers_and_footnote_markers_stay_with_their_sentence() {
    check(
        "He promised “Four Noes”.[2] But it failed.",
        &["He promised “Four Noes”.[2]", "But it failed."],
    );
    check(
        "It called it “a small step.” [4]  The talks ended.",
        &["It called it “a small step.” [4]", "The talks ended."],
    );
    check(
        "Ties improved (slowly.) Trade grew.",
        &["Ties improved (slowly.)", "Trade grew."],
    );
    check(
        "It ended.[3]2 Then came more.",
        &["It ended.[3]2", "Then came more."],
    );
    check(
        "She said, 'This is great.' She left.",
        &["She said, 'This is great.'", "She left."],
    );
    check(
        "**Talks failed.** Both sides left.",
        &["**Talks failed.**", "Both sides left."],
    );
    check("That is JFK Jr.'s book.", &["That is JFK Jr.'s book."]);
}

#[test]
fn quoted_sentences_are_split_inside_the_quote() {
    check(
        "He said “Taiwan can do more. It will benefit.” Then he left.",
        &[
            "He said “Taiwan can do more.",
            "It will benefit.”",
            "Then he left.",
        ],
    );
}

#[test]
fn urls_and_email_addresses() {
    check(
        "Mail jane.doe@example.org. She replies fast.",
        &["Mail jane.doe@example.org.", "She replies fast."],
    );
    check(
        "See https://www.example.50.com/new-site/page_1.html. It has more.",
        &[
            "See https://www.example.50.com/new-site/page_1.html.",
            "It has more.",
        ],
    );
    check(
        "Visit www.mofa.go.jp for details.",
        &["Visit www.mofa.go.jp for details."],
    );
}

#[test]
fn missing_space_after_a_stop() {
    check(
        "It rained all day.Today it is sunny.Mr. Lee bought 1,000.That is a lot.",
        &[
            "It rained all day.",
            "Today it is sunny.",
            "Mr. Lee bought 1,000.",
            "That is a lot.",
        ],
    );
    check(
        "Use System.Console.WriteLine here.",
        &["Use System.Console.WriteLine here."],
    );
}

#[test]
fn markdown_headings_and_title_lines() {
    check(
        "### **Japan-South Korea relations**\n\nThe summit was held. It went well.",
        &[
            "### **Japan-South Korea relations**",
            "The summit was held.",
            "It went well.",
        ],
    );
    check(
        "## Talks. Part 2\nThe talks resumed.",
        &["## Talks. Part 2", "The talks resumed."],
    );
    check(
        "Japan-Korea Relations:\n\n The Roots of the Change\n\n\nAt the end of the century, trade grew.",
        &["Japan-Korea Relations:", "The Roots of the Change", "At the end of the century, trade grew."],
    );
    check(
        "The Roots of Change in East Asia\nAt the end of the century, trade grew.",
        &[
            "The Roots of Change in East Asia",
            "At the end of the century, trade grew.",
        ],
    );
}

#[test]
fn bylines_metadata_rows_and_hard_breaks() {
    check(
        "David Kang, Dartmouth College  \nJi-Young Lee, Georgetown University\n\nText here.",
        &[
            "David Kang, Dartmouth College",
            "Ji-Young Lee, Georgetown University",
            "Text here.",
        ],
    );
    check(
        "The Trends of Relations | 作者: Xiu Chunping | 时间: 2015-03-10\nAdjust font size: + -\n\n\nXiu Chunping[1]",
        &[
            "The Trends of Relations | 作者: Xiu Chunping | 时间: 2015-03-10",
            "Adjust font size: + -",
            "Xiu Chunping[1]",
        ],
    );
}

#[test]
fn chronology_entries_and_footnote_entries() {
    check(
        "**April 9, 2008:** Elections are held. The GNP wins.\n**April 11, 2008:** Sanctions are renewed.",
        &[
            "**April 9, 2008:** Elections are held.",
            "The GNP wins.",
            "**April 11, 2008:** Sanctions are renewed.",
        ],
    );
    check(
        "[1] Xiu is a Fellow.\n[3]2   Xia Liyan, “Taiwan”, CDN (Taiwan), April 3, 2014.",
        &[
            "[1] Xiu is a Fellow.",
            "[3]2   Xia Liyan, “Taiwan”, CDN (Taiwan), April 3, 2014.",
        ],
    );
}

#[test]
fn line_breaks_inside_a_sentence() {
    check(
        "This is a sentence\ncut off in the middle of a page.",
        &["This is a sentence\ncut off in the middle of a page."],
    );
    check(
        "It was a cold \nnight in Seoul. Snow fell.",
        &["It was a cold \nnight in Seoul.", "Snow fell."],
    );
    check(
        "the develop-\nment of ties.",
        &["the develop-\nment of ties."],
    );
}

#[test]
fn page_breaks_inside_a_sentence() {
    check(
        "While this reflects political will on both sides to\n\nimprove ties, it also showed more.",
        &["While this reflects political will on both sides to\n\nimprove ties, it also showed more."],
    );
    check(
        "In 2006, Ozawa,\n\na supporter of suffrage, spoke.",
        &["In 2006, Ozawa,\n\na supporter of suffrage, spoke."],
    );
    check(
        "a rating that dropped – the sharpest plunge of any South Korean\n\npresident during his first days.",
        &["a rating that dropped – the sharpest plunge of any South Korean\n\npresident during his first days."],
    );
    check(
        "Relations between\n\nJapan and Korea improved.",
        &["Relations between\n\nJapan and Korea improved."],
    );
    check(
        "The first part ends here.\n\nthe next paragraph starts low.",
        &[
            "The first part ends here.",
            "the next paragraph starts low.",
        ],
    );
}

#[test]
fn short_unpunctuated_lines_are_units() {
    check(
        "features\ncontact manager\nevents, activities\n",
        &["features", "contact manager", "events, activities"],
    );
}

#[test]
fn lists() {
    check(
        "1. The first item 2. The second item",
        &["1. The first item", "2. The second item"],
    );
    check(
        "1.) The first item. 2.) The second item.",
        &["1.) The first item.", "2.) The second item."],
    );
    check(
        "1) The first item 2) The second item 3) The third",
        &["1) The first item", "2) The second item", "3) The third"],
    );
    check(
        "a. The first item b. The second item c. The third",
        &["a. The first item", "b. The second item", "c. The third"],
    );
    check(
        "• 9. The first item • 10. The second item",
        &["• 9. The first item", "• 10. The second item"],
    );
    check(
        "⁃9. The first item ⁃10. The second item",
        &["⁃9. The first item", "⁃10. The second item"],
    );
    check(
        "Steps:\n- open the file\n- read it. Then close it.\n* done",
        &[
            "Steps:",
            "- open the file",
            "- read it.",
            "Then close it.",
            "* done",
        ],
    );
    check(
        "He bought 2. Then 3 more.",
        &["He bought 2.", "Then 3 more."],
    );
}

#[test]
fn cjk_stops() {
    check(
        "我们同意。他们不同意！真的吗？",
        &["我们同意。", "他们不同意！", "真的吗？"],
    );
    check("他说：“好。”然后走了。", &["他说：“好。”", "然后走了。"]);
}

#[test]
fn web_text_lower_case_starts() {
    check(
        "don't tell val. the weekend is free. call 303-832-8160. they wait.",
        &[
            "don't tell val.",
            "the weekend is free.",
            "call 303-832-8160.",
            "they wait.",
        ],
    );
    check(
        "where did you grow up? india? no way",
        &["where did you grow up?", "india?", "no way"],
    );
    check(
        "excellent! answered all questions",
        &["excellent!", "answered all questions"],
    );
    check(
        "awesome place!!! it was worth it",
        &["awesome place!!!", "it was worth it"],
    );
    // An abbreviation or a closing bracket before the lower-case word keeps the sentence.
    check(
        "about 5 ft. tall, approx. two m.",
        &["about 5 ft. tall, approx. two m."],
    );
}

#[test]
fn emoticons_and_lone_closers_stay_with_their_sentence() {
    check(
        "I love her. :) She is great! :-( Sad.",
        &["I love her. :)", "She is great! :-(", "Sad."],
    );
    check(
        "(We fly next day. ) Hop on a bus.",
        &["(We fly next day. )", "Hop on a bus."],
    );
}

#[test]
fn no_sentence_starts_with_a_comma() {
    check(
        "All rights reserved. , 2000 Carr",
        &["All rights reserved. , 2000 Carr"],
    );
}

#[test]
fn separators_are_units() {
    check(
        "He left. *** Bush also spoke. ===== Sent by me",
        &["He left.", "***", "Bush also spoke.", "=====", "Sent by me"],
    );
    check(
        "cut off to CPS --- do you know",
        &["cut off to CPS --- do you know"],
    );
}

#[test]
fn double_periods() {
    check(
        "It was CCNG, Inc.. On Monday we met.",
        &["It was CCNG, Inc..", "On Monday we met."],
    );
    check("Nice people.. nice food", &["Nice people.. nice food"]);
}
