"""Hand-written expectations for the five seed articles in ../shared/corpus/seeds/.

Each entry: (first words, last words, speaker). The statement must be ONE candidate whose span
runs from the first words to the last words (covering the whole quote or clause); the speaker
is the entity the candidate resolves to, or, where the speaker is no named entity, the text of
the speaker phrase. ``NOT_STATEMENTS`` are passages (boilerplate, narration) no candidate may
touch. Written by reading the articles, not from the detector's output.
"""

EXPECTED = {
    "000_d6d7279d007af1e5.txt": [
        ("Allowing Ukraine to target Russia", "round of escalation” in the war", "Dmitry Peskov"),
        ("President Joe Biden gave Kyiv", "Missile Systems (ATACMS)", "U.S. media"),
        ("“If such a decision has indeed been formulated", "involvement in this conflict,”", "Dmitry Peskov"),
        ("authorities in Moscow had not seen", "the U.S. media reports", "Dmitry Peskov"),
        ("Russia’s position on this issue", "Vladimir Putin earlier this year", "Dmitry Peskov"),
        ("allowing the use of long-range missile attacks", "nature of the conflict.”", "Putin"),
        # “A,” the Kremlin leader said at the time. “B.”: one statement with both parts (#12).
        ("“It would mean that NATO countries", "threats that we will face”", "Putin"),
        ("the White House had authorized Ukraine", "from the Ukrainian forces", "Axios"),
        ("Ukraine plans to conduct", "“in the coming days”", "Reuters"),
    ],
    "001_01e3e1c0b203bedd.txt": [
        ("decision to launch ATACMS missiles", "‘escalation of tensions’", "Kremlin"),
        ("Moscow’s position should be absolutely clear", "clear to everyone", "Dmitry Peskov"),
        ("Russia assumes that the decision", "new round of escalation of tensions", "Dmitry Peskov"),
        ("“If such a decision has indeed been formulated", "States in this conflict,”", "Peskov"),
        ("“We are proceeding from this,”", "“We are proceeding from this,”", "Peskov"),
        ("“These signals have been received", "in St. Petersburg,”", "Peskov"),
        ("a potential decision to use Western long-range weapons", "the war in Ukraine", "Vladimir Putin"),
        ("This would drastically alter", "the escalating threats", "Vladimir Putin"),
        ("Ukraine would not be able to strike", "flight missions to do so", "Putin"),
        ("Biden had authorized strikes", "tactical ballistic missiles", "The New York Times"),
        ("France and the UK had authorized", "Storm Shadow tactical missiles", "Le Figaro"),
    ],
    "002_b3b23e6ea0bde098.txt": [
        ("any U.S. decision to allow Ukraine", "directly involved in the conflict", "Kremlin"),
        ("President Joe Biden's administration", "of a major escalation", "Kremlin"),
        ("he had seen media reports", "Biden cleared strikes", "Dmitry Peskov"),
        ("\"It's obvious that the outgoing", "escalation of tensions.\"", "Dmitry Peskov"),
        ("the reports from The New York Times", "Moscow's efforts in the conflict", "A US official"),
        ("\"If such a decision was really formulated", "engagement in the conflict,\"", "Peskov"),
        ("reckless and dangerous", "reckless and dangerous", "Peskov"),
        ("Vladimir Putin had expressed Russia's position", "clearly in September", "Peskov"),
        ("such a move would put NATO", "\"at war\" with Russia", "Vladimir Putin"),
        ("\"we will take the appropriate decisions", "that we will face,\"", "Putin"),
        ("Putin's position is that such strikes", "such use of missiles", "Peskov"),
        ("\"the targets are set not by Ukrainian", "nature of this situation,\"", "Dmitry Peskov"),
        ("\"An early ceasefire", "interests of all parties,\"", "Lin Jian"),
        ("\"The top priority is to cool down", "in its own way.\"", "Lin Jian"),
        ("he is effectively being forced", "to launch air attacks", "Volodymyr Zelenskyy"),
        ("\"There's been much said in the media", "will speak for themselves.\"", "Volodymyr Zelenskyy"),
    ],
    "003_3b61259a8045dd95.txt": [
        ("such a decision would escalate tensions", "U.S. involvement in the war", "Dmitry Peskov"),
        ("“It’s obvious that the outgoing", "escalation of tensions,”", "Dmitry Peskov"),
        ("“If such a decision was really formulated", "engagement in the conflict.”", "Dmitry Peskov"),
        ("“Today, there’s a lot of talk", "will speak for themselves.”", "Volodymyr Zelensky"),
        ("allowing Western long-range missiles", "involvement in the war.”", "Putin"),
        ("ATACMS (Army Tactical Missile System) rockets", "operation in the region", "the New York Times"),
        ("they did not expect the decision", "from sending any more", "Unnamed U.S. officials"),
        ("following talks with French President", "going into the winter.”", "Keir Starmer"),
    ],
    "004_585711c700baf505.txt": [
        ("it will respond “accordingly”", "strike targets inside Russia", "Kremlin"),
        ("Russia’s ongoing “special military operation”", "response to Western actions", "Peskov"),
        ("“There’s no need to expect reactions", "all of these actions,”", "Peskov"),
        ("his administration was considering", "to use long-range weapons", "Joe Biden"),
        ("“All these decisions have most likely", "already been made,”", "Peskov"),
        ("the US media is simply preparing", "already in motion", "Peskov"),
        ("Washington and its allies of increasing", "in the Ukraine conflict", "Peskov"),
        ("each new move “increases", "degree of this involvement.”", "Peskov"),
        ("the US will consider Ukraine’s requests", "consider Ukraine’s requests", "Blinken"),
        ("“play into the hands", "Russian leader Vladimir Putin.”", "Blinken"),
        ("Russia poses the greatest threat", "since the Cold War", "Blinken"),
        ("the coming winter could be critical", "destroy its energy infrastructure", "Blinken"),
        ("it not only worsens the conflict", "between Russia and NATO powers", "Moscow"),
        ("the West of provoking conflicts", "in proximity to Russian territories", "Moscow"),
    ],
}

NOT_STATEMENTS = {
    "000_d6d7279d007af1e5.txt": ["This decision was said to have come"],
    "001_01e3e1c0b203bedd.txt": ["© Sergey Karpukhin/TASS", "Russian Presidential Spokesman Dmitry Peskov\n",
                                 "The article was later retracted"],
    "002_b3b23e6ea0bde098.txt": ["use of cookies", "CHOOSE YOUR LANGUAGE", "互联网新闻信息许可证",
                                 "Disinformation report hotline", "/Ukrainian Emergency Service/AFP",
                                 "/Kevin Lamarque/Reuters"],
    "003_3b61259a8045dd95.txt": ["Physical Address", "304 North Cardinal St.", "Dorchester Center",
                                 "Newsweek has contacted the White House", "en_USEnglish"],
    "004_585711c700baf505.txt": ["This statement came from Dmitry Peskov"],
}

# The label each EXPECTED statement should get, in the same order, by the default guidelines
# (content over verb; resources/guidelines.md). Labelled by hand by reading each statement.
LABELS = {
    '000_d6d7279d007af1e5.txt': [
        'warning', 'report', 'warning', 'report', 'report', 'warning',
        'warning', 'report', 'report',
    ],
    '001_01e3e1c0b203bedd.txt': [
        'warning', 'claim', 'warning', 'warning', 'report', 'claim',
        'warning', 'warning', 'claim', 'report', 'claim',
    ],
    '002_b3b23e6ea0bde098.txt': [
        'warning', 'claim', 'report', 'claim', 'report', 'warning',
        'claim', 'report', 'warning', 'warning', 'claim', 'claim',
        'claim', 'claim', 'claim', 'warning',
    ],
    '003_3b61259a8045dd95.txt': [
        'warning', 'claim', 'warning', 'warning', 'warning', 'report',
        'report', 'report',
    ],
    '004_585711c700baf505.txt': [
        'warning', 'claim', 'claim', 'report', 'claim', 'claim',
        'claim', 'claim', 'report', 'warning', 'warning', 'warning',
        'warning', 'claim',
    ],
}
