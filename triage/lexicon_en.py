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
        r"|grandchild(?:ren)?|grandsons?|granddaughters?|grandkids?|teens?|teenagers?|newborns?)\b"
    ),
}

PATTERNS: dict[str, list[str]] = {
    "suicide_means": [
        r"sleeping (?:pills?|tablets?)",
        r"(?:collect|hoard|stockpil|sav|stash)\w* (?:up )?(?:<POSS> )?"
        r"(?:pills|tablets|meds|medications?|medicines?)",
        r"(?:took|swallowed|taken) (?:a |an |the )?(?:whole |entire )?"
        r"(?:bottle|bunch|handful|box|lot|load|packet)s? of (?:pills|tablets|meds|medication)",
        r"(?:take|swallow|down)(?:s|ing)? (?:all|every|the whole bottle of|a whole bottle of)"
        r" (?:(?:of )?(?:his|her|my|their|the) )?(?:\w+ )?(?:pills?|tablets?|meds|medication)",
        r"overdos",
        r"charcoal\b",
        r"(?:pesticide|weed[-\s]?killer|rat poison|paraquat)s?\b(?! spray)",
        r"noose\b|rope\b.{0,20}\b(?:neck|hang|ceiling|beam)",
        r"gas(?:sing)? <SELF>",
        r"(?:bought|has|got|owns|found|keeps) (?:a|his|her) (?:gun|pistol|shotgun|rifle|firearm)\b",
    ],
    "suicide_risk": [
        r"suicid(?:e|al)\b",
        r"kill(?:ing|ed|s)? <SELF>",
        r"end(?:ing|ed|s)? (?:it all|<POSS> (?:own )?life)",
        r"tak(?:e|es|ing) <POSS> (?:own )?life",
        r"(?:(?:does|do|did)<NT>|no longer|not) wants? to (?:live|be alive|go on)",
        r"(?:want(?:s|ed)?|going|wish(?:es)?) to die\b",
        r"no (?:reason|point) (?:to live|in living|in going on)",
        r"better off dead\b|not worth living\b|better off without (?:me|him|her|them)\b",
        r"(?:rather|better) be dead\b|wants? to disappear\b",
        r"(?:does|do|did)<NT> want to be (?:here|alive|around) (?:anymore|any more)",
        r"threaten\w* to (?:jump|kill <SELF>|end (?:it|<POSS> life))",
        r"(?:suicide|goodbye|farewell) (?:note|letter)",
        r"self[-\s]?harm",
        r"(?:cut|cutting|slit|slitting|slashed|slashing) (?:her|his|my|their) wrists?",
        r"cutting (?:her|him|my|them)sel(?:f|ves)",
        r"(?:giv(?:e|es|ing|en)|gave) away (?:all )?(?:his|her|their|my) "
        r"(?:things|belongings|stuff|possessions|cat|dog|pets?)",
        r"<CANT> go on\b|no way out\b",
        r"(?:standing|sitting|climbing|climbed) (?:on|over) (?:the |a )?(?:bridge |roof |balcony )?"
        r"(?:railing|ledge|parapet|edge)",
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
        r"(?:moaning|groaning|collapsed|found|unconscious|lying|is|'s|was) on the "
        r"(?:floor|ground|pavement)\b",
        r"not responding\b(?! to (?:my |our |any )?(?:texts|messages|calls|emails))",
        r"<CANT> wake (?:him|her|them) up\b|wo(?:n't|nt| not) wake up\b",
        r"bleeding\b|<CANT> breathe\b|(?:is|'s|looks) dying\b",
        r"chest pains?\b|stroke\b(?! of)|slurred speech\b|face (?:is )?drooping\b",
        r"choking\b|turning blue\b",
        r"<CANT> move (?:his|her|their|one) (?:arm|leg|side)\b|(?:hit|banged) (?:his|her) head\b",
    ],
    "emergency_call": [
        r"call(?:ed)? (?:an |the )?ambulance\b|call(?:ed)? 911\b",
        r"ambulance (?:is )?(?:coming|on (?:the|its) way)",
    ],
    "violence": [
        r"beat(?:s|ing|en)?\b(?! (?:the heat|the odds|the record|cancer|it\b|traffic))",
        r"(?:hit|hits|hitting|punch\w*|kick\w*|slap\w*|chok\w*|strangl\w*)"
        r" (?:her|him|them|his|my|the)\b",
        r"abus(?<!alcohol\sabus)(?<!substance\sabus)(?<!drug\sabus)(?:e|ed|ive|ing)\b",
        r"assault\w*|violen(?:ce|t)\b|scream\w* for help|knife\b|bruis(?:e|es|ed)\b",
        r"(?:threw|thrown|pushed|shoved|slammed) (?:her|him|them) (?:against|into|down)\b",
        r"black eyes?\b|(?:punched|slapped|kicked(?! (?:\w+ )?out)|strangled|choked)\b",
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
        r"ration(?:s|ing|ed)? (?:<POSS> )?(?:food|meals)\b|ran out of food\b",
        r"(?:fridge|cupboards?|kitchen) (?:is |are |was )?(?:empty|bare)\b",
        r"(?:half )?starved\b",
        r"selling (?:his|her|their) (?:things|belongings) (?:to|for) (?:buy )?food",
        r"nothing (?:to eat )?(?:at|in the) (?:home|house)\b|only eats? at school\b",
        r"(?:ha(?:ve|s|d)<NT>|not) (?:had|eaten) (?:a )?(?:proper |decent |real |hot )?"
        r"(?:meal|food)",
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
        r"(?:heating|heater|boiler) (?:is |has |was )?"
        r"(?:broken|broke|off|not working|stopped|died)",
        r"heating\b.{0,20}\b(?:ha(?:s|d)<NT>|not|never) (?:worked|been working|been on)\b",
        r"(?:so|very|really|freezing) cold (?:inside|in (?:the|their|her|his) "
        r"(?:house|flat|apartment|room|home))",
        r"freezing (?:cold )?(?:in|inside) (?:the|<POSS>) (?:house|flat|apartment|room|home)",
        r"<CANT> afford (?:heating|to heat|fuel|coal|oil)|no (?:coal|fuel|heating oil)\b",
    ],
    "eviction": [
        r"evict(?:ed|ion|ing)?\b|kicked out\b|thrown out\b|foreclos",
        r"los(?:e|es|ing|t) <POSS> (?:home|house|flat|apartment)",
        r"changed the locks\b",
        r"(?:have|has|had) to "
        r"(?:move out|leave (?:the|their|her|his) (?:flat|house|apartment|home))",
    ],
    "homeless": [
        r"homeless\b|sleeping (?:rough|outside|on the street|in (?:a|the|<POSS>) car)",
        r"nowhere (?:else|to (?:go|live|sleep|stay))\b",
        r"sleep(?:s|ing)? (?:in|on) (?:the |a )?(?:\w+ )?"
        r"(?:stairwell|stairs|street|streets|park|bench|station|car|doorway|shelter)\b",
    ],
    "not_seen": [
        r"(?:ha(?:ve|s|d)<NT>|(?:nobody|no ?one)(?: has|'s| had)|never) (?:been )?"
        r"(?:seen|heard from|heard)\b"
        r".{0,30}\b(?:for|in) (?:\w+ )?(?:days|weeks|a week|a while|ages)\b",
        r"missing for\b|no sign of (?:him|her|life)\b",
        r"ha(?:s|d|ve)<NT> (?:been out|come out|gone out|left (?:his|her|their|the) "
        r"(?:flat|house|home|room|apartment))\b",
    ],
    "unreachable": [
        r"<CANT> (?:reach|contact|get hold of)\b",
        r"(?:phone|mobile|cell) (?:is |was |has been )?(?:switched |turned )?off\b",
        r"(?:is|was|are|does|did|wo)<NT> (?:answer|answering|pick up|picking up) "
        r"(?:<POSS> |the )?(?:phone|calls|texts|messages|mobile)",
        r"not (?:answering|picking up) (?:<POSS> )?(?:phone|calls)\b|(?:straight )?to voicemail\b",
    ],
    "flies": [
        r"(?:lots of|so many|swarm of|full of|covered in|there'?s|there are) (?:\w+ )?flies\b",
        r"flies (?:on|at|around|in|all over) (?:the|her|his|their) (?:window|door|flat|house)",
        r"maggots\b",
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
        r"(?:mail|post|letters|newspapers|parcels|flyers) (?:everywhere|all over)\b",
    ],
    "no_answer": [
        r"no ?(?:one|body) (?:answers|answered|answering|opens|opened|came to the door)\b",
        r"(?:does|did|do|is|wo)<NT> (?:answer|open|respond)(?:ing)?\b"
        r"(?! (?:<POSS> |the )?(?:phone|calls|texts|messages|mobile))",
        r"no (?:answer|response|reply)\b",
    ],
    "lights_off": [
        r"lights? (?:have been |has been |are |is |were )?(?:off|out) for\b|dark for days\b",
        r"curtains (?:are |have been |were )?(?:shut|closed|drawn)\b",
    ],
    "arrears": [
        r"(?:rent|bills?|utilit(?:y|ies)|maintenance fees?|insurance|phone bill)\b.{0,25}"
        r"\b(?:unpaid|overdue|behind|arrears|owed|can't pay|couldn't pay|hasn't paid|not paid)",
        r"behind on (?:the |<POSS> )?(?:\w+ )?(?:rent|bills?|payments?)\b|arrears\b",
        r"owe(?:s|d)? (?:\w+ ){0,6}(?:rent|fees|bills)\b",
        r"<CANT> (?:afford|pay) (?:the |<POSS> )?(?:rent|bills)\b",
    ],
    "debt": [r"debts?\b|loan sharks?\b|debt collectors?\b|bankrupt\w*|owes? (?:a lot|money)"],
    "job_loss": [
        r"lost <POSS> (?:job|work)\b|(?:laid off|fired|unemployed|out of work|jobless)\b",
        r"business (?:closed|failed|collapsed|went under)\b",
    ],
    "no_income": [
        r"no (?:income|money)\b|broke\b|poor\b|<CANT> afford\b",
        r"pension (?:ran|runs|has run) out\b|ran out of money\b",
        r"(?:tiny|small|little|low|meagre|meager) (?:pension|income)\b",
    ],
    "earner_loss": [
        r"lost (?:her|his|their) (?:husband|wife|partner|father|mother|dad|mum|mom)\b",
        r"(?:husband|wife|father|mother|dad|mom|mum|breadwinner) (?:has |had )?"
        r"(?:died|passed away|left|went to prison|is in prison|was arrested)",
    ],
    "isolation": [
        r"isolated\b|lonely\b|recluse\b|no (?:family|relatives|friends|one to (?:help|talk))\b",
        r"(?:nobody|no one) (?:visits|checks on)\b|(?:never|rarely) (?:visits|leaves|goes out)\b",
        r"li(?:ves|ving) alone\b|li(?:ves|ving) (?:by <SELF>|on (?:his|her|their) own)\b",
        r"(?:no ?one|nobody) else\b|no ?one (?:to turn to|left)\b",
    ],
    "elderly_alone": [
        r"(?:elderly|old|older|aged|senior)\b(?: \w+){0,3} (?:who )?(?:lives |living )?alone\b",
        r"(?:grandma|grandpa|grandmother|grandfather|old (?:man|woman|lady|gentleman)|pensioner)"
        r"\b.{0,30}\b(?:alone|by (?:him|her)self)\b",
    ],
    "health": [
        r"(?:sick|ill|illness|cancer|dementia|hospital|medication|bedridden|disease|alcoholic)\b",
        r"<CANT> walk\b|depress(?:ed|ion)\b|in pain\b",
        r"drink(?:s|ing) (?:heavily|a lot|all day)|heavy drinker\b",
    ],
    "disability": [r"disab(?:led|ility|ilities)\b|wheelchair\b|blind\b|deaf\b"],
    "family_conflict": [
        r"(?:fight|argu|yell|shout)\w* (?:all the time|every night|constantly|a lot)\b",
    ],
    "single_parent": [
        r"single (?:mum|mom|mother|dad|father|parent)\b",
        r"raising (?:\w+ ){0,2}(?:kids|children|grandkids|grandchildren|sons?|daughters?) alone",
    ],
    "hoarding": [
        r"hoard(?:ing|er|s)?\b|full of (?:garbage|trash|rubbish)\b",
        r"(?:garbage|trash|rubbish) (?:piled|everywhere|all over)\b",
    ],
    "noise_complaint": [r"nois(?:e|y)\b|loud (?:music|tv|party|parties)\b|barking\b|parking\b"],
    "resolved": [
        r"(?:fine|ok|okay|safe|alright|all right|better) now\b",
        r"turned out (?:fine|ok|okay|to be nothing)|false alarm\b",
        r"(?:problem|issue) (?:is |was |has been )?(?:resolved|solved|sorted)",
        r"family (?:came|picked (?:him|her) up|took (?:him|her))|all good now\b",
        r"(?:son|daughter|family|relatives?|husband|wife|brother|sister) (?:came and )?"
        r"(?:took|picked up|drove) (?:him|her|them) (?:to|up|home)",
    ],
    "spam": [
        r"https?://|www\.|casino\b|viagra\b|crypto\b|bitcoin\b|forex\b",
        r"click here\b|free money\b",
    ],
    "child_mentioned": [r"<CHILD>"],
    "night": [r"(?:night|midnight|overnight|tonight)\b|(?:9|10|11|12) ?pm\b|[1-5] ?am\b"],
    "nobody_home": [
        r"(?:no ?(?:one|body)|no adults?|no grown-?ups?) (?:is |are )?(?:home|around|there|in)\b",
        r"locked out\b|parents (?:are |were )?(?:gone|away|out|missing)\b",
    ],
    "farewell": [
        r"(?:texted|messaged|wrote|sent)(?: \w+){0,3} goodbye\b|goodbye (?:message|text)s?\b",
        r"sorry for everything\b|(?:thanked|thanking) (?:me|us) for everything\b",
        r"saying goodbye to (?:everyone|everybody|people)\b",
    ],
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
