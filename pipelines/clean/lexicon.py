"""Word lists and trade phrases the block classifier reads. Generic news/blog vocabulary only."""

from __future__ import annotations

import re

from .decisions import (
    ADVERTISING,
    COMMENT_ACTION,
    COMMENT_COUNT,
    COMMENT_FORM,
    COMMENT_HEADER,
    COMMENTS_CLOSED,
    FOLLOW,
    HIGHLIGHTS_HEADER,
    MEDIA_LABEL,
    MORE_LINKS,
    NAV_PHRASE,
    Decision,
)

# English function words (jusText-style stopword density: prose has many, menus and link lists few).
_STOPWORD_TEXT = """
a about above after again against all also although am an and another any are as at be because been
before being below between both but by can could did do does doing down during each either even ever
every few for from further had has have having he her here hers herself him himself his how however i if
in into is it its itself just least less like may me might more most much must my myself neither no nor
not now of off on once one only or other others our ours ourselves out over own per perhaps rather same
shall she should since so some such than that the their theirs them themselves then there these they
this those though through thus to too toward towards under until up upon us very was we well were what
whatever when where whether which while who whom whose why will with within without would yet you your
yours yourself yourselves it's don't i'm he's she's that's there's can't won't isn't wasn't aren't
didn't doesn't we're they're i've you're let's what's said says told get got go going make made many
still back way just new first last say
"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())

_I = re.IGNORECASE

# A name as bylines write it: 'Robert E. Hunter', 'Mary Murray', 'Kim Jong-un', "Conan O'Brien".
_NAME_PART = r"(?:[A-Z][\w'’\-]*\.?|[A-Z]\.)"
NAME = rf"{_NAME_PART}(?:\s+(?:(?:de|van|von|da|del|der|la|le|bin|al)\s+)?{_NAME_PART}){{1,3}}"
NAMES = rf"{NAME}(?:\s*(?:,|&|\band\b)\s*{NAME})*"

# '... and AP staff', '..., World Desk reporters': a byline's closing staff credit
_ORG_NAME = r"[A-Z][\w.&'’\-]*(?:\s+[A-Z][\w.&'’\-]*){0,3}"
_STAFF = r"staff|staffers|reporters|correspondents|writers|contributors"
BYLINE = re.compile(
    rf"^(?i:(?:posted|written|words|story|text|reporting|reported|compiled|edited|photos?)\s+)?(?i:by):?\s+"
    rf"(?P<names>{NAMES})(?:(?:\s*(?:,|&|\band\b)\s*{_ORG_NAME})?\s+(?i:{_STAFF}))?"
    r"(?:\s*(?:[,|/\-–—(·•]|\bon\b|\bat\b|\bin\b|\bfor\b|\bof\b).*)?$"
)
BYLINE_LABEL = re.compile(
    r"^(?i:author|authors|writer|written by|reporter|posted by|contributor|columnist|by)\s*:\s*"
    rf"(?P<names>{NAMES})(?:\s*[,|/\-–—(].*)?$"
)
WRITES_NAME = re.compile(rf"\b(?:writes|says|argues|writes columnist|according to)\s+(?P<name>{NAME})\s*\.?$")
# 'X is a ... analyst', 'X served as', 'X passed away', 'X writes about'
BIO_VERB = (
    r"(?:is|was)\s+(?:a|an|the)\b|is\s+(?:currently|now|also|senior|executive|editor|professor|director)"
    r"|served\s+as|serves\s+as|passed\s+away|died\s+(?:on|in)|writes\s+(?:about|for|on)|has\s+written"
    r"|is\s+(?:co-?)?(?:author|founder|editor)|blogs\s+at|teaches|covers\s"
)
BIO_START = re.compile(rf"^(?P<name>{NAME})\s+(?:{BIO_VERB})")
BIO_CUES = re.compile(
    r"views expressed|opinions expressed|is the author of|is a (?:\w+ ){0,4}(?:analyst|columnist|writer|"
    r"editor|correspondent|reporter|contributor|fellow|professor|journalist|blogger|author|commentator)"
    r"|follow (?:him|her|them) (?:on|@)|@\w+|about the author|senior fellow|contributing editor",
    _I,
)

# 'MOSCOW (Reuters) —': a city in capitals and an agency in brackets, then a dash. Strong enough to be
# cut from any early paragraph (a syndicated copy puts its own intro above the agency's first paragraph).
STRONG_DATELINE = re.compile(
    r"^[A-Z][A-Z.'\-]+(?: [A-Z][A-Z.'\-]+){0,3}(?:,\s*[A-Z][\w.]+(?:\s[A-Z][\w.]+)?)?\s*"
    r"\([A-Z][\w.&]*(?:\s[A-Z][\w.&]*){0,2}\)\s*[-–—]{1,2}\s+"
)

# Byline parts that name an outlet, a desk, a staff or a job, not a person: 'By X, World Desk',
# 'X and AP staff', 'X, Product Manager'.
_ORG_WORD_TEXT = """
desk staff staffs news newsroom reporters correspondents editors editorial wire wires agency agencies
press bureau team reuters afp bloomberg associated contributors writers magazine media times journal
tribune herald gazette network service services online editor writer correspondent reporter columnist
contributor manager director producer founder co-founder
"""
ORG_WORDS = frozenset(_ORG_WORD_TEXT.split())

# After a byline author's name, the verbs of a bio: 'NAME is World Desk’s correspondent', 'NAME covers'.
AUTHOR_BIO_VERB = re.compile(
    r"(?:,[^,]{1,60},)?\s+(?:is|was|has|had|served|serves|covers|covered|writes|wrote|reports|reported"
    r"|joined|previously|lives|teaches|taught|works|worked|holds|founded|edits|edited|leads|led)\b"
)

# A social call to action: 'Follow World Desk on Twitter @...', 'Join X on Facebook', '... follow us @x'.
PROMO_CTA = re.compile(
    r"^(?:follow|join|like|find|connect with|subscribe to|catch)\b[^.!?]{0,60}?\b(?:on|at|via)\s+"
    r"(?:twitter|facebook|instagram|threads|bluesky|mastodon|linkedin|youtube|tiktok|x)\b"
    r"|\bfollow\s+(?:us|me|him|her|them|@?\w+(?:\s+\w+){0,3})\s+(?:on\s+\w+\s*:?\s*)?@\w",
    _I,
)

DATELINE = re.compile(
    r"^(?:\((?:[A-Z][\w.&]*(?:\s[A-Z][\w.&]*){0,2})\)\s*(?:[-–—]{1,2}\s*)?"
    r"(?:[A-Z][A-Z.'\- ]{2,}(?:,\s*[A-Z][\w.]+(?:\s[A-Z][\w.]+)?)?\s*[-–—]{1,2}\s+)?"
    r"|[A-Z][A-Z.'\- ]{2,}(?:,\s*[A-Z][\w.]+(?:\s[A-Z][\w.]+)?)?\s*"
    r"(?:\([A-Z][\w.&]*(?:\s[A-Z][\w.&]*){0,2}\)\s*)?[-–—]{1,2}\s+)"
)

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?"
    r"|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
MONTHS = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
DATE = re.compile(
    rf"\b(?P<mdy>(?P<m1>{_MONTH})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y1>(?:19|20)\d\d))\b"
    rf"|\b(?P<dmy>(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m2>{_MONTH}),?\s+(?P<y2>(?:19|20)\d\d))\b"
    r"|\b(?P<iso>(?P<y3>(?:19|20)\d\d)-(?P<m3>[01]\d)-(?P<d3>[0-3]\d))\b"
    r"|\b(?P<us>(?P<m4>[01]?\d)/(?P<d4>[0-3]?\d)/(?P<y4>(?:19|20)?\d\d))\b",
    _I,
)
TIME = re.compile(
    r"\b\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?\b"
    r"|\b\d+\s+(?:second|minute|hour|day|week|month|year)s?\s+ago\b",
    _I,
)
DURATION_END = re.compile(r"(?:^|\s)\(?\d{1,2}:\d{2}(?::\d{2})?\)?$")
# '... at 07:34', '07.13.12 08:07': a timestamp, not a video duration
TIMESTAMP_END = re.compile(
    r"(?:\b(?:at|@|on)|\d[./-]\d\d?[./-]\d\d(?:\d\d)?|[ap]\.?m\.?)\s*\(?\d{1,2}:\d{2}(?::\d{2})?\)?$", _I
)

# Whole-line phrases of the trade, by the decision they make (decisions.py: kind and name); matched
# (case-insensitive) against short blocks only.
_LINE_RULES: list[tuple[Decision, str]] = [
    (
        COMMENTS_CLOSED,
        r"(?:comments?|commenting|discussion) (?:are |is )?(?:now )?closed.*|comments for this \w+ (?:are"
        r"|is) closed.*",
    ),
    (
        COMMENT_COUNT,
        r"(?:\d[\d,]*|no|one|two|three)\s*(?:comments?|responses?|replies|repl(?:y|ies)|thoughts?|reactions?)"
        r"(?:\W.*)?",
    ),
    (
        COMMENT_COUNT,
        r"(?:(?:reader|user|readers'?|your) )?(?:comments?|responses?|replies"
        r"|discussion)\s*[(\[:]\s*\d+\s*[)\]]?.*",
    ),
    (
        COMMENT_FORM,
        r"(?:leave|post|add|write|submit|make|have)\s+(?:a|your|new)?\s*(?:comment|reply|response)\b.*"
        r"|cancel reply|(?:post|submit|add) comment|comment form|your (?:e-?mail|name|comment).*"
        r"|(?:name|e-?mail|website|url|mail)\s*(?:\(required\)|\*|\(will not be published\).*)"
        r"|you must be (?:logged in|registered|signed in) to .*|(?:log|sign) ?in to (?:reply|comment|post).*"
        r"|to (?:post|leave) a comment.*|comments? policy.*",
    ),
    (
        COMMENT_HEADER,
        r"(?:reader |user |your )?(?:comments?|discussion|responses|conversation|feedback)"
        r"|(?:discuss|comment on) this (?:post|article|story|entry)|join the (?:discussion|conversation)"
        r"|what do you think\?|(?:view|show|hide|see|read|load"
        r"|display)(?: all)?(?: \d+)?(?: more)? (?:comments|replies)\b.*"
        r"|(?:sort|order)(?:ed)? by:?.*|(?:newest|oldest|best|top|popular) (?:first|comments)"
        r"|(?:trackbacks?|pingbacks?)(?:\s*/\s*pingbacks?)?|subscribe to (?:comments"
        r"|this thread).*"
        r"|comments? rss.*|rss feed for comments.*|jump to (?:discussion|comments).*",
    ),
    (
        COMMENT_ACTION,
        r"(?:reply|replies|replydelete|delete|edit|reply to (?:this|comment)|report(?: abuse| comment"
        r"| this comment)?|flag(?: as inappropriate)?|permalink|quote|like|"
        r"recommend|reply to this(?: \w+){0,3}|\d+\s*(?:votes?|likes?|points?|replies"
        r"|recommendations?))(?:\s*[|·•]\s*\w+)*",
    ),
    (
        MEDIA_LABEL,
        r"(?:watch|video|videos|photos?|gallery|slideshow|listen|audio|play(?: video)?|now playing)(?:\s*[:"
        r"|\-–—»].*)?"
        r"|\d+\s+(?:photos|images|pictures|videos)|view (?:the )?(?:full )?(?:gallery|slideshow|photos).*",
    ),
    (
        HIGHLIGHTS_HEADER,
        r"story highlights|highlights|key points|key takeaways|in brief|at a glance",
    ),
    (
        FOLLOW,
        r"follow (?:us|me|him|her|@?\w+)(?:\s+\S+){0,5}|join us on .*|like us on .*|find us on .*"
        r"|connect with us.*"
        r"|(?:sign up|subscribe|register)(?:\s+\S+){0,8}|(?:get|receive) (?:our|the"
        r"|daily|free) .*"
        r"|e-?mail (?:updates|alerts|newsletter)|rss(?: feeds?)?|subscribe to rss.*|download (?:our"
        r"|the) app.*"
        r"|share(?: this(?: \w+)?| on \w+| via \w+)?:?|tweet(?: this)?|e-?mail(?: this)?(?: \w+)?"
        r"|print(?: this)?(?: \w+)?"
        r"|facebook|twitter|google ?\+(?:1)?|linkedin|pinterest|reddit|stumbleupon|digg|tumblr|whatsapp|\+1"
        r"|(?:recommend|share|like|tweet|email|print|save)(?:\s*[|·•/]\s*(?:recommend|share|like|tweet"
        r"|email|print|save|\d+))+",
    ),
    (
        NAV_PHRASE,
        r"skip to (?:main )?(?:content|navigation).*|home|menu|search|log ?in|log ?out|sign ?in|sign ?out"
        r"|register"
        r"|next|previous|prev|older|newer|back to top|top|more|page \d+(?: of \d+)?"
        r"|\d+ of \d+"
        r"|(?:next|previous|older|newer) (?:page|post|posts|entries|article|story)\b.*"
        r"|(?:tags?|filed under|categor(?:y|ies)|topics?|posted in|labels?|keywords?|related topics"
        r"|explore related topics)\s*:.*"
        r"|read (?:more|full (?:story|article)).*|continue reading.*"
        r"|scroll (?:left|right).*|jump to.*|archives?|about(?: us| this blog)?"
        r"|contact(?: us)?|\W*(?:about this blog|archives|categories)",
    ),
    (
        MORE_LINKS,
        r"(?:related|similar|more|other|top|latest|recent|popular|featured|trending|recommended|further)"
        r"(?: \w+){0,2} (?:stories|articles|posts|links|content|coverage|videos|news|headlines|reading"
        r"|entries|items)\b.*"
        r"|related(?: \w+)?:?|recommended(?:\s*:.*)?|see also:?|also (?:on|read|see) .*|elsewhere(?: on .*)?"
        r"|(?:from )?around the web|editor'?s? picks?|what'?s hot|you (?:may|might) (?:also )?(?:like|enjoy"
        r"|be interested).*"
        r"|most (?:popular|read|viewed|shared|emailed|commented).*|trending(?: now)?|more (?:from|on|in"
        r"|by) .*",
    ),
    (
        ADVERTISING,
        r"advertisement|advertising|advertise(?: with us| here)?(?:\s*\|.*)?|adchoices|sponsored(?: content"
        r"| links?)?|site ?map"
        r"|privacy policy|terms (?:of|and) (?:use|service)|contact us",
    ),
]

# Phrases that mark a short line wherever they stand in it (searched, not matched whole).
_CONTAINS_RULES: list[tuple[Decision, str]] = [
    (
        COMMENT_FORM,
        r"will not be published|required fields are marked|notify me of (?:follow-up|new) (?:comments|posts)"
        r"|only a member of this blog may post a comment",
    ),
    (COMMENT_HEADER, r"powered by disqus"),
    (FOLLOW, r"\bnewsletters?\b"),
]
CONTAINS_RULES = re.compile("|".join(f"(?P<c{i}>{pat})" for i, (_, pat) in enumerate(_CONTAINS_RULES)), _I)

# Copyright and legal lines, searched in blocks of up to settings.legal_max_words words.
LEGAL = re.compile(
    r"©|\(c\)\s*(?:19|20)\d\d|\bcopyright\b|all rights reserved|privacy policy|terms (?:of|and) (?:use"
    r"|service)"
    r"|terms & conditions|cookie policy|may not be (?:published|reproduced|redistributed)",
    _I,
)

# Brackets, arrows and bullets around a short line ('{ 167 comments }', '← Older posts') do not change it.
RULE_CORE = re.compile(r"^[\s{}\[\]()<>«»‹›|•·*→←↑↓\-–—:]+|[\s{}\[\]()<>«»‹›|•·*→←↑↓\-–—:]+$")
# First words (the leading run of letters, lowercased) a LINE_RULES match can start with; a core that starts
# with another letter run cannot match, so the costly alternation is skipped (a cheap pre-filter only: a
# superset is harmless, a missing word is a bug; tests/clean/test_clean_text.py checks a sample).
_LINE_RULE_FIRST_TEXT = """
comments comment commenting discussion no one two three reader user readers your responses
response replies leave post add write submit make have cancel name e email website url mail you log
login logout sign signin signout to join what whats view show hide see read load display sort sorted
order ordered newest oldest best top popular trackback trackbacks pingback pingbacks subscribe rss reply
replydelete delete edit report flag permalink quote like recommend watch video videos photo photos gallery
slideshow listen audio play now story highlights key in at follow find connect get receive download
share tweet print facebook twitter google linkedin pinterest reddit stumbleupon digg tumblr whatsapp save
skip home menu search register next previous prev older newer back more page tag tags filed category
categories topic topics posted label labels keyword keywords related explore continue scroll jump archive
archives about contact similar other latest recent featured trending recommended further also elsewhere
from around editor editors most advertisement advertising advertise adchoices sponsored site sitemap
privacy terms conversation feedback discuss
"""
LINE_RULE_FIRST_WORDS = frozenset(_LINE_RULE_FIRST_TEXT.split())
# a count glued to its noun ('nocomments', 'oneresponse'): these prefixes always go to the full rules
LINE_RULE_FIRST_PREFIXES = tuple(
    count + noun
    for count in ("no", "one", "two", "three")
    for noun in ("comment", "response", "repl", "thought", "reaction")
)
FIRST_LETTERS = re.compile(r"[^\W\d_]+")

LINE_RULES = re.compile("|".join(f"(?P<l{i}>{pat})" for i, (_, pat) in enumerate(_LINE_RULES)), _I)
# The decision of a LINE_RULES or CONTAINS_RULES match, by the name of the group that matched (lastgroup).
PHRASE_DECISIONS: dict[str, Decision] = {f"l{i}": dec for i, (dec, _) in enumerate(_LINE_RULES)} | {
    f"c{i}": dec for i, (dec, _) in enumerate(_CONTAINS_RULES)
}

# A photo credit, in three parts (searched apart in classify, which is faster than the union):
# '(Photo: AP)' closing the line, 'Photo: ...' opening it, and credit words anywhere.
_CREDIT_PAREN = (
    r"\((?:[^()]*\b(?:photo|photograph|image|picture|via|getty|reuters|ap|afp|epa|credit|courtesy"
    r"|file)\b[^()]*)\)\s*$"
)
_CREDIT_LABEL = r"^(?:photo|photograph|image|picture|caption|credit|photo credit|pictured)\s*:"
_CREDIT_WORDS = (
    r"\b(?:photo|image|picture) (?:by|courtesy|credit)\b"
    r"|\b(?:getty images|ap photo|reuters/|/reuters|/afp|afp/|/getty|/ap\b|shutterstock|istockphoto)"
    r"|[.)]\s+(?:photo|photograph|image|picture|credit)s?\s*:\s*[A-Z][^.:]{0,60}$"
)
PHOTO_CREDIT = re.compile(f"{_CREDIT_PAREN}|{_CREDIT_LABEL}|{_CREDIT_WORDS}", _I)
CREDIT_PAREN = re.compile(_CREDIT_PAREN, _I)
CREDIT_LABEL = re.compile(_CREDIT_LABEL, _I)
CREDIT_WORDS = re.compile(_CREDIT_WORDS, _I)
CREDIT_LINE = re.compile(r"^[A-Z][\w.'’\-]+(?:\s+[A-Z][\w.'’\-]+){0,3}\s*/\s*[A-Z][\w.&\- ]{1,40}$")

# Self-promotion at the edges of an article: 'follow me on Twitter', 'buy my book here'.
PROMO_WORDS = re.compile(
    r"\b(?:twitter|facebook|instagram|newsletter|subscribe|podcast|rss|my (?:new |latest )?books?|buy"
    r"|purchase"
    r"|donate|sign up|follow (?:me|us)|click here|go here|going here|link for|available (?:now|on amazon)"
    r"|enter your e-?mail|free updates|if you (?:enjoyed|liked) this)\b",
    _I,
)
BULLET = re.compile(r"^(?:[•·▪►*\-–—]|\d{1,2}[.)])\s+")
NUMBERED = re.compile(r"^\d{1,3}[.)]\s+(?=\S)")  # the number only: sub() keeps the text

# A comment header: who wrote it and when.
COMMENT_HEADER = re.compile(
    rf"^(?:by\s+)?(?P<a1>[^\s,][^,]{{0,60}}?)\s+(?:says|said|wrote|writes)\s*(?::|\.\.\.|…)?(?:\s.*)?$"
    r"|^(?:by\s+|posted by\s+)?(?P<a2>[^\s|,].{0,60}?)\s*(?:\bon\b|\bat\b|[|,·•\-–—])\s*"
    rf"(?:{_MONTH}|\d|\w+day\b).*\d.*$"
    r"|^(?:by\s+|posted by\s+)(?P<a3>\S.{0,60})$",
    _I,
)
COMMENT_SAYS = re.compile(r"\b(?:says|said|wrote|writes)\s*(?::|\.\.\.|…)", _I)
# A longer block that only lists links: 'Related: ...', 'See also: ...'.
LINK_PREFIX = re.compile(
    r"^(?:related|see also|also read|read also|more|previously|recommended|further reading)\s*:", _I
)
