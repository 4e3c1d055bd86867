"""English patterns over the spaced view; a space in a pattern matches any run of whitespace.

Patterns leave out a leading ``\\b``: it defeats the regex engine's literal-prefix scan and
made English five times slower. The table's ``word_start`` has the matcher check it instead.
"""

from __future__ import annotations

import re

from triage.signals import LanguageTable, compile_signals, spaced_pattern

MACROS = {
    "<NT>": r"(?:n't|nt| not)",  # doesn't / doesnt / does not
    "<CANT>": r"can(?:'t|not|t| not)",
    "<SELF>": r"(?:him|her|my|them|your|one)sel(?:f|ves)",
    "<POSS>": r"(?:his|her|my|their|your)",
    "<CHILD>": (
        r"(?:child|children|kids?|baby|babies|toddlers?|infants?|boys?|girls?|sons?|daughters?"
        r"|grandchild(?:ren)?|grandsons?|granddaughters?)\b"
    ),
}

PATTERNS: dict[str, list[str]] = {
    "suicide_means": [
        r"sleeping (?:pills?|tablets?)",
        r"(?:collect|hoard|stockpil|sav|stash)\w* (?:up )?(?:<POSS> )?"
        r"(?:pills|tablets|medications?|medicines?)",
        r"overdos",
        r"charcoal\b",
        r"(?:pesticide|weed[-\s]?killer|rat poison|paraquat)s?\b(?! spray)",
        r"noose\b|rope\b.{0,20}\b(?:neck|hang|ceiling|beam)",
        r"gas(?:sing)? <SELF>",
    ],
    "suicide_risk": [
        r"suicid(?:e|al)\b",
        r"kill(?:ing|ed|s)? <SELF>",
        r"end(?:ing|ed|s)? (?:it all|<POSS> (?:own )?life)",
        r"tak(?:e|es|ing) <POSS> (?:own )?life",
        r"(?:(?:does|do|did)<NT>|no longer|not) wants? to (?:live|be alive|go on)",
        r"(?:want(?:s|ed)?|going|wish(?:es)?) to die\b",
        r"no (?:reason|point) (?:to live|in living|in going on)",
        r"better off dead\b|not worth living\b",
        r"(?:suicide|goodbye|farewell) (?:note|letter)",
        r"self[-\s]?harm",
        r"hang(?:ing)? <SELF>",
        r"jump(?:ing|ed)? (?:off|from) (?:the |a )?(?:bridge|roof|building|balcony)",
    ],
    "possible_death": [
        r"(?:he|she|they|someone)"
        r"(?:'s| is| was| might be| may be| could be| must be| looks| seems) dead\b",
        r"(?:might|may|could|must) be dead\b|dead body\b|found dead\b",
        r"not breathing\b|body (?:was |has been )?found",
    ],
    "collapse": [
        r"collaps(?<!business\scollaps)(?:ed|ing|e)\b",
        r"unconscious\b|unresponsive\b|passed out\b|fainted\b|seizures?\b",
        r"fell (?:down )?and <CANT> get up\b|<CANT> get up\b",
        r"lying on the (?:floor|ground)\b|not moving\b",
        r"bleeding\b|<CANT> breathe\b|(?:is|'s|looks) dying\b",
    ],
    "violence": [
        r"beat(?:s|ing|en)?\b(?! (?:the heat|the odds|the record|cancer|it\b|traffic))",
        r"(?:hit|hits|hitting|punch\w*|kick\w*|slap\w*|chok\w*|strangl\w*)"
        r" (?:her|him|them|his|my|the)\b",
        r"abus(?<!alcohol\sabus)(?<!substance\sabus)(?<!drug\sabus)(?:e|ed|ive|ing)\b",
        r"assault\w*|violen(?:ce|t)\b|scream\w* for help|knife\b|bruis(?:e|es|ed)\b",
        r"threaten\w* to (?:kill|hurt)",
    ],
    "child_abuse": [
        r"child abuse\b",
        r"(?:beat\w*|hit|hits|hitting|abus\w*|starv\w*|neglect\w*|lock\w*) (?:up )?"
        r"(?:the |his |her |their )?<CHILD>",
    ],
    "fire": [
        r"fire\b|smoke (?:coming|pouring)|burning smell\b|gas leak",
        r"smell of (?:smoke|burning|gas)",
    ],
    "child_hunger": [
        r"<CHILD>.{0,30}\b(?:hungry|starving|not eating|ha(?:d|s)<NT> eaten|no food"
        r"|skipping meals|nothing to eat)",
    ],
    "child_alone": [
        r"<CHILD>(?: \w+){0,4} (?:alone|unattended|abandoned|by (?:him|her|them)sel(?:f|ves))\b",
        r"(?:left|leaves|leaving) (?:the |his |her |their |a |two |three )?(?:\w+ )?"
        r"<CHILD>.{0,20}\balone",
    ],
    "no_food": [
        r"no food\b|nothing to eat\b|(?:has|have|had)<NT> eaten\b|(?:not|is<NT>) eating\b",
        r"skip(?:s|ping|ped)? meals\b|go(?:es|ing)? hungry\b|starving\b",
        r"<CANT> afford (?:food|to eat|groceries)",
    ],
    "utilities_cut": [
        r"(?:electricity|power|gas|water|electric)\b.{0,20}"
        r"\b(?:cut(?: off)?|shut off|disconnected|turned off)\b",
        r"no (?:electricity|power|running water|water)\b",
        r"(?:cut|cutting|shut|shutting|turn|turning|turned) off (?:the |their |his |her )?"
        r"(?:electricity|power|gas|water|heating)\b",
    ],
    "no_heating": [
        r"no heat(?:ing)?\b",
        r"(?:heating|heater|boiler) (?:is |has )?(?:broken|off|not working|stopped)",
        r"freezing (?:cold )?(?:in|inside) (?:the|<POSS>) (?:house|flat|apartment|room|home)",
        r"<CANT> afford (?:heating|to heat|fuel|coal|oil)|no (?:coal|fuel|heating oil)\b",
    ],
    "eviction": [
        r"evict(?:ed|ion|ing)?\b|kicked out\b|thrown out\b|foreclos",
        r"los(?:e|es|ing|t) <POSS> (?:home|house|flat|apartment)",
    ],
    "homeless": [
        r"homeless\b|sleeping (?:rough|outside|on the street|in (?:a|the|<POSS>) car)",
        r"nowhere to (?:go|live|sleep|stay)\b",
    ],
    "not_seen": [
        r"(?:ha(?:ve|s|d)<NT>|nobody has|no one has|never) (?:been )?(?:seen|heard from|heard)\b"
        r".{0,30}\b(?:for|in) (?:\w+ )?(?:days|weeks|a week|a while|ages)\b",
        r"missing for\b|<CANT> (?:reach|contact|get hold of)\b|no sign of (?:him|her|life)\b",
        r"not (?:answering|picking up) (?:<POSS> )?(?:phone|calls)\b",
    ],
    "bad_smell": [
        r"smell(?<!cigarette\ssmell)(?<!food\ssmell)(?<!cooking\ssmell)s?\b"
        r"(?! of (?:smoke|burning|gas|cigarettes))",
        r"(?:stench|odou?rs?)\b|smells\b|stinks?\b",
    ],
    "mail_piling": [
        r"(?:mail|post|letters|newspapers|milk|parcels|packages|deliveries|flyers)\b.{0,25}"
        r"\b(?:pil(?:ing|ed|es)|stack(?:ing|ed)|accumulat\w*|overflow\w*|build(?:ing)? up)",
        r"mailbox (?:is )?(?:full|overflowing)",
    ],
    "no_answer": [
        r"no ?(?:one|body) (?:answers|answered|answering|opens|opened|came to the door)\b",
        r"(?:does|did|do|is|wo)<NT> (?:answer|open|respond)(?:ing)?\b",
        r"no (?:answer|response|reply)\b",
    ],
    "lights_off": [
        r"lights? (?:have been |has been |are |is |were )?(?:off|out) for\b|dark for days\b",
    ],
    "arrears": [
        r"(?:rent|bills?|utilit(?:y|ies)|maintenance fees?|insurance|phone bill)\b.{0,25}"
        r"\b(?:unpaid|overdue|behind|arrears|owed|can't pay|couldn't pay|hasn't paid|not paid)",
        r"behind on (?:the |<POSS> )?(?:rent|bills|payments)\b|arrears\b",
        r"<CANT> (?:afford|pay) (?:the |<POSS> )?(?:rent|bills)\b",
    ],
    "debt": [r"debts?\b|loan sharks?\b|debt collectors?\b|bankrupt\w*|owes? (?:a lot|money)"],
    "job_loss": [
        r"lost <POSS> (?:job|work)\b|(?:laid off|fired|unemployed|out of work|jobless)\b",
        r"business (?:closed|failed|collapsed|went under)\b",
    ],
    "no_income": [r"no (?:income|money)\b|broke\b|poor\b|<CANT> afford\b"],
    "earner_loss": [
        r"(?:husband|wife|father|mother|dad|mom|mum|breadwinner) (?:has |had )?"
        r"(?:died|passed away|left|went to prison|is in prison|was arrested)",
    ],
    "isolation": [
        r"isolated\b|lonely\b|recluse\b|no (?:family|relatives|friends|one to (?:help|talk))\b",
        r"(?:nobody|no one) (?:visits|checks on)\b|(?:never|rarely) (?:visits|leaves|goes out)\b",
        r"li(?:ves|ving) alone\b",
    ],
    "elderly_alone": [
        r"(?:elderly|old|older|aged|senior)\b(?: \w+){0,3} (?:who )?(?:lives |living )?alone\b",
        r"(?:grandma|grandpa|grandmother|grandfather|old (?:man|woman|lady|gentleman)|pensioner)"
        r"\b.{0,30}\b(?:alone|by (?:him|her)self)\b",
    ],
    "health": [
        r"(?:sick|ill|illness|cancer|dementia|hospital|medication|bedridden|disease|alcoholic)\b",
        r"<CANT> walk\b|depress(?:ed|ion)\b|in pain\b",
        r"drink(?:s|ing) (?:heavily|a lot|all day)",
    ],
    "disability": [r"disab(?:led|ility|ilities)\b|wheelchair\b|blind\b|deaf\b"],
    "hoarding": [
        r"hoard(?:ing|er|s)?\b|full of (?:garbage|trash|rubbish)\b",
        r"(?:garbage|trash|rubbish) (?:piled|everywhere|all over)\b",
    ],
    "noise_complaint": [r"nois(?:e|y)\b|loud (?:music|tv|party|parties)\b|barking\b|parking\b"],
    "resolved": [
        r"(?:fine|ok|okay|safe|alright|all right|better) now\b",
        r"turned out (?:fine|ok|okay|to be nothing)|false alarm\b",
        r"(?:problem|issue) (?:is |was |has been )?(?:resolved|solved|sorted)",
        r"family (?:came|picked (?:him|her) up|took (?:him|her))",
    ],
    "spam": [
        r"https?://|www\.|casino\b|viagra\b|crypto\b|bitcoin\b|forex\b",
        r"click here\b|free money\b",
    ],
    "child_mentioned": [r"<CHILD>"],
    "night": [r"(?:night|midnight|overnight|tonight)\b"],
    "laughter": [r"(?:lol|lmao|rofl|haha\w*|hehe)\b|😂|🤣"],
}

_IDIOMS = re.compile(
    spaced_pattern(
        r"\bdying (?:of|from) (?:laughter|laughing|embarrassment|boredom|curiosity)\b"
        r"|\bdying (?:to|for)\b|\b(?:laugh\w*|bored|scared|worried) to death\b|\bto die for\b"
        r"|\b(?:i'm|im|i am|we're|we are) starving\b|\b(?:i'm|im) dead\b"
    )
)

# "not suicidal", "no smell", "don't think she's suicidal"; a conjunction or punctuation ends
# the negation's reach so "has no food and is suicidal" still counts.
_NEGATED_BEFORE = re.compile(
    r"\b(?:not|no|never|nothing|without|isn't|isnt|wasn't|aren't|don't|dont|doesn't|doesnt"
    r"|didn't|hasn't|haven't|neither|nor)\b"
    r"(?:\s+(?!and\b|but\b|or\b|so\b|then\b)[\w']+){0,3}\s*$"
)

TABLE = LanguageTable(
    name="en",
    compact=False,
    word_start=True,
    script=re.compile(r"[a-z]"),
    signals=compile_signals(PATTERNS, macros=MACROS, spaced=True),
    idioms=_IDIOMS,
    negated_before=_NEGATED_BEFORE,
    negated_after=None,
    window=40,
)
