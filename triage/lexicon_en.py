"""English patterns over the spaced view; a space in a pattern matches any run of whitespace.

Patterns leave out a leading ``\\b``: every match must begin a word, and
``compile_signals(word_start=True)`` asserts that once for the whole table (see
``signals.WORD_START``), which keeps English fast and its cost linear in the text.
"""

from __future__ import annotations

import re

from triage.signals import LanguageTable, compile_signals, spaced_pattern

MACROS = {
    "<NT>": r"(?:n't|nt| not)",  # doesn't / doesnt / does not
    "<CANT>": r"can(?:'t|not|t| not)",
    "<SELF>": r"(?:him|her|my|them|your|one)sel(?:f|ves)",
    "<POSS>": r"(?:his|her|my|their|your)",
    # Whom violence is done to: pronouns, "his wife", "the kids", "my mum".
    "<VICTIM>": (
        r"(?:her|him|them|us|me|everyone|everybody|(?:his|her|their|my|the|our) (?:\w+ )?"
        r"(?:wife|husband|partner|girlfriend|boyfriend|kids?|children|son|daughter|mum|mom|mother"
        r"|dad|father|brother|sister|baby|family|grandma|grandpa|grandmother|grandfather))\b"
    ),
    # Said or threatened intent: "he'll", "is going to", "threatening to", "says she will".
    # Patterns put a word before it (r"\w+<WILL>"): a match must start at a word.
    "<WILL>": (
        r"(?:'ll|ll| will| would|'d| is going to|'s going to| was going to| are going to"
        r"|'re going to"
        r"| gonna| about to| threaten(?:s|ed|ing)? to| tried to| trying to| wants? to| wanted to)"
    ),
    # What people overdose on, by kind or name.
    "<DRUGS>": (
        r"(?:pills?|tablets?|meds|medications?|medicines?|capsules|painkillers|paracetamol"
        r"|antidepressants|sleeping pills|insulin|aspirin|ibuprofen|codeine|tylenol|benzos"
        r"|diazepam|xanax|opioids|oxy\w*)\b"
    ),
    "<CHILD>": (
        r"(?:child|children|kids?|baby|babies|toddlers?|infants?|boys?|girls?|sons?|daughters?"
        r"|grandchild(?:ren)?|grandsons?|granddaughters?|grandkids?|teens?|teenagers?|newborns?"
        r"|(?<!\d)(?:[1-9]|1[0-2])[- ]?(?:years?|yrs?|month)[- ]?olds?)\b"
    ),
}

PATTERNS: dict[str, list[str]] = {
    "suicide_means": [
        r"tap(?:ed|ing) (?:\w+ ){0,2}gaps?\b|tap(?:ed|ing) (?:up |round "
        r"|around )(?:the )?(?:doors?|vents?)\b",
        r"(?:whole|entire|full) (?:pack|packet|box|bottle|strip|tub"
        r"|blister)s? of (?:\w+ )?(?:pills|tablets|paracetamol|painkillers|<DRUGS>)",
        r"(?:bought|buying|got|has|have|had|found) (?:a |some |the )?(?:rope|noose|hose ?pipe)\b"
        r"|tied a (?:rope|noose)\b",
        r"charcoal (?:in|inside) (?:his|her|their|the|a) (?:car|room|tent|bedroom)\b",
        r"locked (?:him|her|them|my)sel(?:f|ves) in (?:\w+ ){0,4}with (?:a |some |his "
        r"|her )?(?:razor|knife|blade|pills|rope)\b",
        r"sleeping (?:pills?|tablets?)",
        r"(?:collect|hoard|stockpil|sav|stash)\w* (?:up )?(?:<POSS> )?"
        r"(?:pills|tablets|meds|medications?|medicines?)",
        r"(?:handful|bunch|fistful|pile|heap|lots|loads|bottles?|boxes|packets?|bags?|strips?|tubs?"
        r"|jars?|pots?|blister packs?|dozens?) of (?:\w+ )?(?:pills|tablets|painkillers|paracetamol"
        r"|sleeping pills)",
        # Counted: "took 30 tablets", "swallowed twenty of her sleeping pills".
        r"(?:took|swallowed|taken|downed|necked|had) (?:about |around |like |over |at least )?"
        r"(?:[1-9][0-9]+|ten|twelve|fifteen|twenty|thirty|forty|fifty|a dozen|dozens|all)"
        r" (?:of )?(?:(?:his|her|my|their|the) )?(?:\w+ )?<DRUGS>",
        r"(?:took|swallowed|taken) (?:a |an |the )?(?:whole |entire )?"
        r"(?:bottle|bunch|handful|box|lot|load|packet)s? of (?:pills|tablets|meds|medication)",
        r"(?:take|took|taken|swallow|swallowed|down|downed)(?:s|ing)? "
        r"(?:all|every|the whole bottle of|a whole bottle of)"
        r" (?:(?:of )?(?:his|her|my|their|the) )?(?:\w+ )?<DRUGS>",
        r"overdos",
        # Days of medicine at once: "took a month's worth of her antidepressants".
        r"(?:month|week|fortnight|year)(?:'s|s'|s)? (?:worth|supply) of\b.{0,30}<DRUGS>"
        r"|(?:took|swallowed|taken|downed|necked) (?:\w+ ){0,3}(?:month|week|fortnight)(?:'s|s'"
        r"|s)? "
        r"(?:worth|supply)\b",
        r"charcoal\b",
        # A briquette heater in a room with the windows taped: carbon monoxide.
        r"briquettes?\b.{0,60}\btaped\b|\btaped\b.{0,60}\bbriquettes?\b",
        r"(?:pesticide|weed[-\s]?killer|rat poison|paraquat)s?\b(?! spray)",
        r"noose\b|rope\b.{0,20}\b(?:neck|hang|ceiling|beam)",
        r"gas(?:sing)? <SELF>",
        r"(?:shoot|shot|shooting|hang|hanging|hanged|drown|drowning|poison|poisoning|electrocute"
        r"|burn|burning|starve|starving) <SELF>",
        r"(?:stockpil|hoard|sav|collect)\w* (?:up )?(?:<POSS> )?(?:insulin|painkillers|sleeping)",
        r"(?:bought|has|got|owns|found|keeps) (?:a|his|her) (?:gun|pistol|shotgun|rifle|firearm)\b",
    ],
    "suicide_risk": [
        r"(?:last|final) (?:time|message) (?:you|anyone|anybody)(?:'ll| will| would|'d) (?:ever )?"
        r"(?:hear from|see|get from) me\b|(?:you|nobody|no one) (?:won't|will not|wont) (?:ever )?"
        r"(?:hear from|see) me (?:again|anymore|any more)\b",
        r"(?:nobody|no one|no-one) (?:would|will|\'d|\'ll) (?:even )?(?:miss|notice|care)\b",
        r"goodbye (?:\w+ )?(?:messages?|posts?|notes?|letters?|texts?)\b.{0,60}\b(?:cliffs?|bridge"
        r"|tracks|roof|ledge|river|sea)\b",
        r"suicid(?:e|al)\b",
        r"kill(?:ing|ed|s)? <SELF>",
        r"end(?:ing|ed|s)? (?:it all|<POSS> (?:own )?life)",
        r"tak(?:e|es|ing) <POSS> (?:own )?life",
        r"(?:(?:does|do|did)<NT>|no longer|not) wants? to (?:live|be alive|go on)",
        r"(?:want(?:s|ed|ing)?|going|wish(?:es)?) to die\b|\bwanna die\b",
        r"no (?:reason|point) (?:to live|in living|in going on)",
        r"better off dead\b|not worth living\b|better off without (?:me|him|her|them)\b",
        r"(?:rather|better) be dead\b|want(?:s|ed|ing)? to disappear\b",
        # A last night announced: "tonight is my last night", "planning on not waking up".
        r"(?:tonight|today)(?: is|'s| will be|'ll be) (?:going to be )?my last (?:night|day)\b"
        r"(?! (?:shift|at|in|of (?:work|school|the)|here|on the job))",
        r"(?:plan\w*|decided|deciding|going|intend\w*|want\w*) (?:on |to )?not (?:wak(?:e|ing) up"
        r"|be(?:ing)? alive)\b",
        r"walk(?:s|ed|ing)? (?:out )?into the (?:sea|river|ocean|lake|water)\b|drown <SELF>",
        # Dying said as a journey: "he says he wants to go home to God", "be with my late wife".
        r"(?:want\w*|going|ready|wish\w*|long\w*) to (?:go home to god|go to (?:god|heaven)"
        r"|be with (?:god|jesus|my (?:late )?(?:wife|husband|mum|mom|dad|son|daughter) (?:again|in "
        r"heaven)))\b",
        r"\w+(?:'d| would) (?:\w+ )?rather (?:just )?die\b",
        r"(?:does|do|did)<NT> want to be (?:here|alive|around) (?:anymore|any more)",
        r"threaten\w* to (?:jump|kill <SELF>|end (?:it|<POSS> life))",
        r"(?:suicide|goodbye|farewell) (?:note|letter)",
        r"self[-\s]?harm",
        r"(?:cut|cutting|slit|slitting|slashed|slashing) (?:her|his|my|their) wrists?",
        r"cutting (?:her|him|my|them)sel(?:f|ves)",
        r"(?:giv(?:e|es|ing|en)|gave) away (?:all )?(?:his|her|their|my) "
        r"(?:things|belongings|stuff|possessions|cat|dog|pets?)",
        r"<CANT> go on\b|no way out\b",
        # A means shown with words of leaving: "a rope in his closet with 'found my exit'".
        r"(?:found|finally found|this is) (?:my|his|her|the) (?:exit|way out|last option)\b",
        r"(?:standing|sitting|climbing|climbed) (?:on|over) (?:the |a )?(?:bridge |roof |balcony )?"
        r"(?:railing|ledge|parapet|edge)",
        r"hang(?:ing)? <SELF>",
        r"jump(?:ing|ed|s)? (?:off|from|out of) (?:the |a |his |her |their )?(?:\w+ )?"
        r"(?:bridge|roof|rooftop|building|balcony|window|ledge|tower|cliff|floor|top)\b",
        r"\w+<WILL> jump\b(?! (?:at|in|into|on|the queue|start|ship|the gun|through|for))",
        r"(?:on|onto|up on|at the edge of) (?:the |a )?(?:roof|rooftop|ledge|bridge|railing)\b"
        r".{0,40}\b(?:jump|end it|die|goodbye)",
        r"end(?:s|ing)? it (?:all|tonight|today|now|for good)\b|(?:he|she|they|i) (?:will |'ll "
        r"|is going to |'s going to )?end(?:s)? it\b(?! with)",
        r"(?:go to |to )?sleep (?:forever|and never wake up|and not wake up)\b",
        r"(?:wish(?:es|ed)?|hope[sd]?|prays?) (?:\w+ )?(?:could )?(?:die|(?:never|not) "
        r"(?:to )?wake up)\b",
        r"talk(?:s|ed|ing)? about (?:dying|death|suicide|killing <SELF>|ending (?:it|<POSS> life)"
        r"|not (?:being here|waking up|wanting to live))",
        r"(?:<CANT>|does<NT>|do<NT>) (?:take|bear|stand) (?:it|this|life) any ?more\b",
    ],
    "possible_death": [
        r"(?:he|she|they|someone)"
        r"(?:'s| is| was| might be| may be| could be| must be| looks| seems) dead\b",
        r"(?:might|may|could|must) be dead\b|dead body\b|found dead\b",
        r"not breathing\b|body (?:was |has been )?found|stopped breathing\b",
    ],
    "collapse": [
        r"barely (?:conscious|breathing|responsive|responding|awake)\b|(?:grey|gray|pale|white"
        r"|blue) in the face\b",
        r"(?:breathing|breath) (?:is |was )?(?:strange|odd|weird|rattling|shallow|funny)\b|(?:not"
        r"|isn\'t|isnt) breathing (?:properly|right|normally)\b",
        r"(?:crushing|severe|bad|terrible) chest pains?\b|chest pains? (?:and"
        r"|with) (?:\w+ ){0,3}(?:arm|jaw|sweat\w*|numb\w*)\b|cold sweats?\b",
        r"collaps(?<!business\scollaps)(?:ed|ing|e)\b",
        r"unconscious\b|unresponsive\b|passed out\b|fainted\b|seizures?\b",
        r"fell (?:down )?and <CANT> get up\b|<CANT> get up\b",
        r"lying on the (?:floor|ground)\b|not moving\b|(?:lying|lies|found) (?:face ?down"
        r"|motionless"
        r"|still)\b|face ?down (?:on|in)\b",
        r"(?:moaning|groaning|collapsed|found|unconscious|lying|is|'s|was) on the "
        r"(?:floor|ground|pavement)\b",
        r"not responding\b(?! to (?:my |our |any )?(?:texts|messages|calls|emails))",
        r"(?:is|was|'s) (?:barely )?(?:conscious|breathing)\b|gasping\b|turned (?:blue|grey"
        r"|gray)\b",
        r"<CANT> wake (?:him|her|them) up\b|wo(?:n't|nt| not) wake up\b",
        r"bleeding\b|<CANT> breathe\b|(?:is|'s|looks) dying\b",
        r"chest pains?\b|stroke\b(?! of)|slurred speech\b|face (?:is )?drooping\b",
        r"choking\b|turning blue\b",
        r"having (?:a )?(?:fit|seizure|convulsions?)\b|fitting\b|convuls\w*",
        r"(?:lips|face|skin|fingers) (?:is |are |has |have )?(?:going|turning|turned|gone|look)"
        r" (?:blue|grey|gray|purple)\b",
        # Stroke signs: a face that drooped, an arm that will not lift, slurred words.
        r"face (?:has |had |is |was |'s |just |suddenly |all |gone |went ){0,3}(?:droop\w*|sagg\w*"
        r"|lopsided|fallen)\b|one side of (?:his|her|their|the) (?:face|body|mouth) (?:has |is "
        r"|'s )?"
        r"(?:gone|dropped|drooped|droopy|drooping|numb|dead|paraly[sz]ed|sagging)\b",
        r"slurr(?:ing|ed|s) (?:his|her|their) (?:words|speech)\b",
        r"<CANT> (?:move|lift|raise|feel|use) (?:his|her|their|one) (?:right |left )?(?:arm|leg"
        r"|side|hand)\b|(?:hit|banged) (?:his|her) head\b",
    ],
    "fall_risk": [
        r"lean(?:ing|s|ed)? (?:right |far |way |half )?(?:out of|out over|over) (?:the |a |his "
        r"|her |their )?"
        r"(?:[\w-]+ ){0,3}(?:window|balcony|railing|ledge|parapet|roof edge)\b",
        r"(?:wrong|other|outside) side of the (?:\w+ )?(?:railing|barrier|fence|parapet|rail)\b",
        r"(?:legs|feet) (?:dangling|hanging|swinging) (?:over|out|off)\b|(?:perched|sitting"
        r"|standing) on (?:the |a )?(?:edge|ledge|parapet)\b",
        r"<CHILD>,? (?:[\w,']+ ){0,4}on (?:the|a) (?:\w+ ){0,2}(?:balcony|ledge|roof"
        r"|window ?sill)\b",
        r"(?:hanging|dangling|climbing|climbed|standing|sitting) (?:off|from|over|out of|outside"
        r"|on)"
        r" (?:the |a )?(?:outside of the )?(?:balcony|railing|window ?sill|window|ledge"
        r"|roof edge)\b",
    ],
    "emergency_call": [
        r"call(?:ed)? (?:an |the )?ambulance\b|call(?:ed)? 911\b",
        r"ambulance (?:is )?(?:coming|on (?:the|its) way)",
    ],
    "violence": [
        r"(?:throw|threw|thrown|throwing|slamm?\w*|shov\w*|push\w*) <VICTIM> (?:against|into|down"
        r"|onto|across)\b",
        r"(?:crying|screaming|shouting|calling|yelling|begging) (?:out )?for help\b"
        r"|pinned (?:\w+ )?down\b",
        r"beat(?:s|ing|en)?\b(?! (?:the heat|the odds|the record|cancer|it\b|traffic))",
        r"(?:hit|hits|hitting|punch\w*|kick\w*|slap\w*|chok\w*|strangl\w*|stab\w*|batter\w*"
        r"|smack\w*|whip\w*|burn\w*|throttl\w*|attack\w*|shoot\w*|shot|knock\w*)"
        r" (?:<VICTIM>|his|my|the)\b(?! (?:out|off|up)\b)",
        r"\w+<WILL> (?:kill|stab|shoot|strangle|murder|hurt|beat|choke|burn|attack)"
        r" (?:<VICTIM>|her|him)",
        r"(?:he|she|they|someone|somebody)(?:'ll| will|'s going to| is going to) "
        r"(?:kill|stab|shoot|murder)\b",
        r"(?:stabbed|stabbing|murder\w*|gun ?(?:shot|fire)|shooting\b|with a (?:gun|knife|hammer"
        r"|bat|"
        r"weapon)|weapon\b|machete\b)",
        r"(?:beat|beats|beating|hits?|hitting|punch\w*) (?:\w+ ){0,2}(?:every|each) (?:night"
        r"|day)\b",
        r"abus(?<!alcohol\sabus)(?<!substance\sabus)(?<!drug\sabus)(?:e|ed|ive|ing)\b",
        r"assault\w*|violen(?:ce|t)\b|scream\w* for help|knife\b|bruis(?:e|es|ed)\b",
        # Heard, not seen: "sounds like a woman being hit", "I can hear him being beaten".
        r"(?:sounds?|sounded|sounding) like (?:someone|somebody|a (?:woman|man|child|kid|girl|boy"
        r"|baby)|she|he|they|her|him|the (?:kids?|child|wife|woman|mother|mum|mom|girl|boy))"
        r"(?: is| was|'s| are)? (?:being |getting )?(?:hit|beaten|hurt|strangled|choked|attacked"
        r"|killed|thrown|slapped|kicked|knocked about|smashed)\b",
        r"(?:hear|heard|hearing)(?: \w+){0,4} (?:being|getting) (?:hit|beaten|slapped|kicked"
        r"|strangled|choked|thrown|attacked)\b",
        r"(?:threw|thrown|pushed|shoved|slammed) (?:her|him|them) (?:against|into|down)\b",
        r"black eyes?\b|(?:punched|slapped|kicked(?! (?:\w+ )?out)|strangled|choked)\b",
        r"(?:dragg\w*|drag|pull\w*|grabb?\w*|yank\w*|held|holding|pinn\w*) (?:<VICTIM>|her|him)"
        r"(?: \w+){0,3} by (?:the |her |his |their )?(?:hair|throat|neck)\b",
        r"(?:dragg\w*|drag) (?:<VICTIM>|her|him) (?:across|along|down|up|out|through|into)\b",
        r"threaten\w* (?:to (?:kill|hurt)|<VICTIM> with)",
    ],
    "child_abuse": [
        r"child abuse\b",
        r"<CHILD>(?: \w+){0,3} (?:left|locked|alone) (?:alone )?in (?:a|the) (?:\w+ )?(?:car|van"
        r"|vehicle)\b",
        r"(?:locked|shut|left) (?:the |his |her |their )?<CHILD>(?: \w+){0,2} (?:out|outside"
        r"|in the "
        r"(?:car|cold|balcony|cupboard|closet|basement))",
        r"(?:beat\w*|hit|hits|hitting|abus\w*|starv\w*|neglect\w*|lock\w*) (?:up )?"
        r"(?:the |his |her |their )?<CHILD>",
    ],
    "fire": [
        r"fire\b(?! (?:risk|hazard|safety|door|doors|alarm test|drill|extinguisher|exit|escape))"
        r"|smoke (?:is |was )?(?:coming|pouring|billowing)|burning smell\b|gas leak",
        r"smell(?:s|ed|ing)? (?:of |like )?(?:smoke|burning|gas)\b|(?:gas|smoke|burning|fumes) "
        r"(?:smell|odou?r|stench)|(?:reeks|stinks) of (?:gas|smoke)|leaking gas\b",
    ],
    "child_hunger": [
        r"<CHILD>.{0,30}\b(?:hungry|starving|not eating|ha(?:d|s)<NT> eaten|no food"
        r"|skipping meals|nothing to eat)",
    ],
    "child_alone": [
        r"<CHILD> (?:\w+ ){0,4}(?:left )?on (?:their|his|her) own\b|(?:left|leaves"
        r"|leaving) (?:\w+ ){0,3}<CHILD> (?:\w+ ){0,3}on (?:their|his|her) own\b",
        r"<CHILD>(?:,? [\w']+){0,6},? (?<!lives\s)(?<!living\s)(?<!live\s)"
        r"(?:alone|unattended|abandoned|by (?:him|her|them)sel(?:f|ves))\b",
        r"(?:left|leaves|leaving|are|is|stays?|staying|kept) (?:\w+ )?home alone\b",
        r"(?:left|leaves|leaving) (?:the |his |her |their |a |two |three )?(?:\w+ )?"
        r"<CHILD>.{0,20}\balone",
    ],
    "no_food": [
        r"(?:only|just) (?:afford |eat\w* |having |manag\w* )?one meal a day\b",
        r"no food\b|nothing to eat\b|(?:has|have|had)<NT> eaten\b|(?:not|is<NT>) eating\b",
        r"(?:(?:has|have|had)<NT>|not) been eating\b",  # "has not been eating well lately"
        r"skip(?:s|ping|ped)? meals\b|go(?:es|ing)? hungry\b|starving\b",
        r"<CANT> afford (?:food|to eat|groceries)",
        r"ration(?:s|ing|ed)? (?:<POSS> )?(?:food|meals)\b|ran out of food\b",
        r"(?:fridge|cupboards?|kitchen) (?:is |are |was )?(?:empty|bare)\b",
        r"(?:half )?starved\b",
        r"selling (?:his|her|their) (?:things|belongings) (?:to|for) (?:buy )?food",
        r"nothing (?:to eat )?(?:at|in the) (?:home|house)\b|only eats? at school\b",
        r"(?:ha(?:ve|s|d)<NT>|not|never) (?:had|eaten) (?:any(?:thing)? |much |a )?"
        r"(?:proper |decent |real |hot )?(?:meal|food|to eat)",
        r"(?:ha(?:ve|s|d)<NT>|not) (?:had|eaten)(?: anything| properly| a thing)? (?:for|in) "
        r"(?:\w+ )?(?:days|weeks|a week)\b",
    ],
    "utilities_cut": [
        r"(?:electricity|power|gas|water|electric)\b.{0,20}"
        r"\b(?:cut(?: off)?|shut off|disconnected|turned off)\b",
        r"(?:no|without) (?:electricity|power|running water|hot water|water|gas)\b",
        r"(?:cut|cuts|shut|shuts|switched|disconnect\w*) (?:off )?(?:the |their |his |her |our )?"
        r"(?:electricity|power|gas|water)\b(?! bill)",
        r"(?:cut|cutting|shut|shutting|turn|turning|turned) off (?:the |their |his |her )?"
        r"(?:electricity|power|gas|water|heating)\b",
    ],
    "no_heating": [
        r"no heat(?:ing)?\b|(?:no|without) (?:\w+ ){1,3}(?:or|and|nor) (?:heat|heating)\b",
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
        r"(?:stairwell|stairs|street|streets|park|bench|station|car|doorway|shelter|basement|garage"
        r"|hallway|corridor|lobby|underpass|tent|van|laundry room|boiler room|bin room"
        r"|storage room)\b",
        r"li(?:ves|ving) (?:in|out of) (?:a|the|<POSS>) (?:car|van|tent)\b",
    ],
    "not_seen": [
        r"(?:ha(?:ve|s|d)<NT>|not) been seen (?:all|this|for a) (?:week|weekend)\b",
        r"(?:nobody|no one|no-one)(?:\'s| has) (?:seen"
        r"|heard from) (?:\w+ ){0,6}since (?:the weekend|last \w+|monday|tuesday|wednesday"
        r"|thursday|friday|saturday|sunday)\b",
        r"(?:ha(?:ve|s|d)<NT>|(?:nobody|no ?one)(?: has|'s| had)|never) (?:been )?"
        r"(?:seen|heard from|heard)\b"
        r".{0,30}\b(?:for|in) (?:\w+ )?(?:days|weeks|a week|a while|ages)\b",
        r"missing for\b|no sign of (?:him|her|life)\b",
        r"ha(?:s|d|ve)<NT> (?:been out|come out(?! of (?:his|her|their|the) (?:bed)?room)|gone out"
        r"|left (?:his|her|their|the) "
        r"(?:flat|house|home|apartment))\b",
    ],
    "unreachable": [
        r"<CANT> (?:reach|contact|get hold of)\b",
        r"(?:phone|mobile|cell) (?:is |was |has been )?(?:switched |turned )?off\b",
        # An office or a company that does not pick up is no one gone quiet.
        r"(?<!office\s)(?<!council\s)(?<!company\s)(?<!agency\s)(?<!surgery\s)(?<!landlord\s)"
        r"(?:is|was|are|does|did|wo|has|have|had)<NT> (?:answer|answering|answered|pick up"
        r"|picking up|picked up) "
        r"(?:<POSS> |the )?(?:phone|calls|texts|messages|mobile)",
        r"not (?:answering|picking up) (?:<POSS> )?(?:phone|calls)\b|(?:straight )?to voicemail\b",
        # "if his business doesn't pick up": trade, not a phone.
        r"(?<!business\s)(?<!sales\s)(?<!trade\s)(?<!work\s)(?<!economy\s)(?<!things\s)"
        r"(?<!market\s)"
        r"(?:wo<NT>|<CANT>|does<NT>|did<NT>|not) pick(?:ing)? up\b",
    ],
    "flies": [
        r"(?:lots of|so many|swarm of|full of|covered in|there'?s|there are) (?:\w+ )?flies\b",
        r"flies (?:are |were |have been |'re )?(?:\w+ )?(?:on|at|around|in|inside|against|all over"
        r"|behind) (?:the |her |his |their )?(?:inside of (?:the )?)?(?:\w+ )?(?:windows?|door"
        r"|flat|house|apartment|letterbox|glass)\b",
        r"(?:bluebottles|blowflies)\b|flies everywhere\b",
        r"(?:black|thick|crawling|buzzing|heaving) with flies\b",
        r"maggots\b",
    ],
    "bad_smell": [
        r"smell(?<!cigarette\ssmell)(?<!food\ssmell)(?<!cooking\ssmell)s?\b"
        r"(?! of (?:smoke|burning|gas|cigarettes|paint|cooking|food|bleach|weed|curry|drains?"
        r"|sewage))",
        # A drain, the bins or the stairwell smelling is the building, not a body.
        r"(?<!drain\s)(?<!drains\s)(?<!bins\s)(?<!store\s)(?<!sewer\s)(?<!toilet\s)(?<!lift\s)"
        r"(?:stench|odou?rs?\b|smells\b|stinks?\b)(?! of (?:sewage|drains?|paint|bins|rubbish))",
    ],
    "mail_piling": [
        r"(?:mail|post|letters|newspapers|milk|parcels|packages|deliveries|flyers)\b.{0,25}"
        r"\b(?:pil(?:ing|ed|es)|stack(?:ing|ed)|accumulat\w*|overflow\w*|build(?:ing)? up)",
        r"mailbox (?:is )?(?:full|overflowing)",
        r"ha(?:s|d|ve)<NT> (?:collected|picked up|taken in|brought in) (?:the |his |her |their "
        r"|any )?"
        r"(?:post|mail|letters|newspapers|papers|milk|parcels|deliveries)\b",
        r"(?:mail|post|letters|newspapers|parcels|flyers) (?:everywhere|all over)\b",
    ],
    "no_answer": [
        r"no ?(?:one|body) (?:answers|answered|answering|opens|opened|came to the door)\b",
        r"(?:does|did|do|is|wo|has|have|had)<NT> (?:answer|open|respond)(?:ing|ed)?\b"
        r"(?! (?:<POSS> |the )?(?:phone|calls|texts|messages|mobile))",
        r"no (?:answer|response|reply)\b",
        r"\w+(?:'s|'re| is| are) not (?:answering|responding|opening)\b"
        r"(?! (?:<POSS> |the )?(?:phone|calls|texts|messages|mobile))",
        r"(?:calling|called|call|shouted|shouting|knocked|knocking)(?: \w+){0,4} (?:but |and )?"
        r"(?:no (?:answer|response|reaction)|(?:she|he|they) (?:does|did|do|wo)<NT> "
        r"(?:answer|respond|react|move))\b",
    ],
    "tv_on": [
        r"(?:tv|television|radio|telly)\b.{0,20}\b(?:on|playing|blaring|running)\b",
    ],
    "fall": [
        r"(?:fell|fallen|falls|slipped|tripped)(?: (?:down|over|off))?(?: \w+){0,3}"
        r" (?:in|on|off|down|from|over)\b(?! (?:asleep|love|behind|apart))|had a (?:bad )?fall\b",
    ],
    "lights_off": [
        r"lights? (?:have been |has been |are |is |were )?(?:off|out) for\b|dark for days\b",
        r"curtains (?:are |have been |were |still )?(?:shut|closed|drawn)\b",
        r"curtains (?:have<NT>|ha(?:s|d)<NT>|not) (?:moved|opened|been opened|been open)\b",
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
        # "is broke" (no money), not "broke the vase".
        r"no (?:income|money)\b|(?:'s|'m|'re|is|am|are|was|were|being|so|totally|completely"
        r"|flat|stone|dead) broke\b|poor\b|<CANT> afford\b",
        r"pension (?:ran|runs|has run) out\b|ran out of money\b",
        r"(?:tiny|small|little|low|meagre|meager) (?:pension|income)\b",
    ],
    "earner_loss": [
        r"lost (?:her|his|their) (?:husband|wife|partner|father|mother|dad|mum|mom)\b",
        r"(?:husband|wife|father|mother|dad|mom|mum|breadwinner) (?:has |had )?"
        r"(?:died|passed away|left|went to prison|is in prison|was arrested)",
    ],
    "isolation": [
        r"ha(?:s|d|ve)<NT> (?:left|come out of) (?:his|her|their|the) (?:bed)?room\b",
        r"(?:barely|hardly|never|rarely) (?:talks?|speaks?) to (?:anyone|anybody|a soul|people)\b",
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
        r"(?:really|very|so|quite|pretty|feeling) (?:down|low)\b|low mood\b"
        r"|not (?:herself|himself)\b",
        r"drink(?:s|ing) (?:heavily|a lot|all day)|heavy drinker\b",
        r"drinks? (?:alone|by (?:himself|herself)) every (?:night|day)\b|(?:looks?|looking|getting)"
        r" thinner\b",
    ],
    "disability": [r"disab(?:led|ility|ilities)\b|wheelchair\b|blind\b|deaf\b"],
    "family_conflict": [
        r"(?:fight|argu|yell|shout)\w* (?:all the time|every night|constantly|a lot)\b",
    ],
    "single_parent": [
        r"single (?:mum|mom|mother|dad|father|parent)\b",
        r"raising (?:\w+ ){0,2}(?:kids|children|grandkids|grandchildren|sons?|daughters?) alone",
    ],
    "child_neglect": [
        r"<CHILD>\b.{0,60}\b(?:(?:same|dirty|unwashed|filthy) (?:\w+ )?clothes|(?:never"
        r"|hasn't been|isn't|not|hardly"
        r"|rarely) (?:ever )?(?:been )?(?:washed|bathed|clean)\b|unwashed\b|filthy\b|head lice\b)",
        r"(?:same|dirty|unwashed|filthy) (?:\w+ )?clothes\b.{0,40}\b<CHILD>",
    ],
    "hoarding": [
        r"hoard(?:ing|er|ed|s)?\b|full of (?:garbage|trash|rubbish)\b",
        r"(?:garbage|trash|rubbish) (?:piled|everywhere|all over)\b",
        r"(?:piled|stacked|heaped|packed) (?:up )?(?:to the ceiling|floor to ceiling|to the roof)\b"
        r"|floor to ceiling\b|bags and bags\b|(?:bottles|cans|boxes|junk|newspapers) (?:\w+ ){0,2}"
        r"pil(?:ing|ed) up\b",
    ],
    "pet_distress": [
        r"(?:dog|dogs|cat|cats|puppy|puppies)\b.{0,30}\b(?:howl|whin|cry|crie|bark|scratch|yelp)\w*"
        r".{0,20}\b(?:inside|for days|all day|non-?stop|constantly|behind the door|for hours)\b",
        r"(?:dog|dogs|cat|cats)\b.{0,20}\b(?:hasn't|haven't|has not|have not|not) been fed\b",
    ],
    "noise_complaint": [
        r"nois(?:e|y)\b|loud (?:music|tv|party|parties)\b|bark(?:s|ing)?\b|parking\b",
        r"(?:music|party|parties|drilling|stomping|bass) (?:\w+ )?(?:all night|every night|till"
        r"|until)\b",
    ],
    "resolved": [
        r"(?:fine|ok|okay|safe|alright|all right|better) now\b",
        # A round done with nothing found: "routine round done, nothing to report".
        r"nothing (?:unusual |else |much )?to report\b|no (?:issues|concerns|problems) (?:found"
        r"|to report)\b",
        # Said, not believed: "my parents think everything is fine" resolves nothing.
        r"(?:and|now|says|said) everything(?:'s| is) (?:fine|ok|okay|alright|all right)\b",
        r"turned out (?:fine|ok|okay|to be nothing)|false alarm\b",
        r"(?:problem|issue) (?:is |was |has been )?(?:resolved|solved|sorted)",
        r"family (?:came|picked (?:him|her) up|took (?:him|her))|all good now\b",
        r"(?:son|daughter|family|relatives?|husband|wife|brother|sister) (?:came and )?"
        r"(?:took|picked up|drove) (?:him|her|them) (?:to|up|home)",
    ],
    "spam": [
        r"https?://|www\.|casino\b|viagra\b|crypto\b|bitcoin\b|forex\b",
        r"click here\b|free money\b",
        r"congratulations\b.{0,40}\b(?:won|winner|selected|prize|reward)|you(?:'ve"
        r"| have)(?: been)? "
        r"(?:won|selected)\b|cash (?:reward|prize)\b|claim (?:your|a|the) (?:prize|reward|gift)\b"
        r"|reply (?:yes|stop)\b|unsubscribe\b",
    ],
    "danger_word": [
        r"kill(?:s|ed|ing)?\b(?! time)|murder\w*|stab\w*|strangl\w*|shoot\b|shot (?:him|her|them"
        r"|me)",
        r"(?:die|dies|dying)\b|dead\b(?! (?:battery|tired|end|line|set|phone|quiet|serious|easy))",
        r"blood(?:y|ied)?\b(?! (?:pressure|test|tests|sugar|type|donation|bank|work))|bleed\w*",
        r"jump(?:s|ed|ing)?\b(?! (?:at|in|into|on|start|ship|the queue|rope)\b)|overdos\w*"
        r"|poison\w*",
        r"help me\b|save me\b|scream(?:s|ed|ing)?\b|knife|knives|gun\b|weapon",
        r"(?:in|is|'s) danger\b|not safe\b|unsafe\b|scared for (?:her|his|their|my) life",
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
        # "texted me from the bridge": with silence after it, a suicide risk (assessment).
        r"(?:texted|messaged|called|rang|phoned|said|says)(?: \w+){0,4} (?:from|on|at) (?:the |a )?"
        r"(?:\w+ )?(?:bridge|roof|rooftop|cliff|cliffs|ledge|edge|river|pier|viaduct|overpass"
        r"|flyover)\b",
        r"location (?:shows|says|is|puts (?:him|her|them))(?: \w+){0,3} (?:bridge|viaduct|overpass"
        r"|flyover"
        r"|railway|tracks|cliffs?|roof|river|pier)\b",
    ],
    "retracted": [
        r"(?:was|were|just|only) (?:joking|kidding|being dramatic|venting)\b|didn't mean it\b"
        r"|not what (?:she|he|i|they) meant\b",
        # Said drunk, tired or angry, and taken back: "she says she was just tired".
        r"(?:was|were) (?:just |only )(?:tired|drunk|upset|angry|stressed|exhausted|in a mood)\b"
        r"|(?:the )?(?:drink|alcohol|booze|beer) talking\b"
        r"|didn't (?:really )?mean (?:it|that|any of it)\b"
        r"|said it (?:in anger|while drunk|when (?:he|she|they|i) (?:was|were) drunk)\b",
    ],
    "ordinary_leaving": [
        r"moving (?:out|away|house|back|abroad|to)\b|moved (?:out|away|to)\b|(?:a |my )?new job\b"
        r"|going back (?:home|to (?:my|his|her) country)\b|retir(?:e|es|ed|ing)\b"
        r"|(?:changing|new) schools?\b",
    ],
    "no_harm_sign": [
        r"nothing (?:else )?(?:odd|strange|unusual|wrong|suspicious|off|out of (?:the )?ordinary)\b"
        r"|no (?:bad |strange |odd |funny )?smell\b|(?:doesn't|does not|didn't|did not|don't) smell"
        r" (?:of )?anything\b|no sign of (?:trouble|a struggle|anything wrong)\b",
    ],
    "misdirected": [
        r"wrong (?:chat|group chat|group|thread|conversation|channel)\b"
        r"|sent (?:this|that|it) to the wrong\b|meant (?:to send|for) (?:this|that) (?:to|for) my\b"
    ],
    "laughter": [
        r"(?:lol|lmao|rofl|haha\w*|hehe)\b|😂|🤣|jok(?:e|es|ed|ing) (?:about|that|he|she|they|i)\b"
        r"|(?:only|just) (?:joking|kidding)\b"
    ],
    # A body on the floor or face down; with no answer it is a collapse (see assessment).
    "lying": [
        r"(?:lying|laying|lies|slumped|sprawled|curled up|face ?down)\b"
        r"(?! (?:in bed|about|to (?:me|us|her|him)))",
    ],
}

_IDIOMS = re.compile(
    spaced_pattern(
        r"\bdying (?:of|from) (?:laughter|laughing|embarrassment|boredom|curiosity)\b"
        r"|\bdying (?:to|for)\b|\b(?:laugh\w*|bored|scared|worried) to death\b|\bto die for\b"
        r"|\b(?:i'm|im|i am|we're|we are) starving\b|\b(?:i'm|im) dead\b"
        r"|\b(?:is|are|'s|'re) (?:literally |totally |actually |just |really |so )?killing me\b"
        r"|\b(?:i|we) could (?:just )?die\b|\bkill for\b"
        # "my boss will kill me if I'm late": hyperbole; "he'll kill me if I call the police"
        # is a threat, and so is any other threat against the reporter.
        r"|\b(?:going to|gonna|will|'ll) (?:kill|murder) (?:me|us)\b(?=.{0,40}\b(?:if|lol|haha"
        r"|lmao|for)\b)"
        r"(?!.{0,60}\b(?:police|cops|tell|told|call|leave|left|report|divorce|anyone|112|911)\b)"
        r"|\b(?:boss|teacher|mum|mom|mother|mama|parents|coach|manager|wife|missus)"
        r"(?:'ll| will| is going to|'s going to| is gonna|'s gonna| gonna| would"
        r"| is so going to) (?:kill|murder) (?:me|us)\b"
        r"|\bdressed to kill\b|\bdead (?:tired|on my feet)\b"
        # A smell of fresh paint or cooking is no sign at the door ("냄새" has the same
        # exceptions in Korean); smoke and gas are not masked.
        r"|\bsmell(?:s|ed|ing)? (?:of|like) (?:fresh |wet )?(?:paint|varnish|cooking|coffee|bread"
        r"|perfume|bleach|detergent|glue)\b|\b(?:paint|varnish) (?:smell|fumes)\b"
        # "that movie killed me": it was very funny or sad.
        r"|\b(?:movie|film|show|series|episode|song|joke|ending|game|match|workout|class|exam"
        r"|video|meme|finale|season|test|quiz|homework|lecture|shift|commute|book|comedian"
        r"|concert|trailer|week|day)s?(?: last night| yesterday| today)?"
        r" (?:totally |literally |just |really |actually |so )?(?:killed|kills) me\b"
        r"|\b(?:could|would) (?:really |just |so )?(?:murder|kill) (?:a|an|some|for)\b"
        r"|\b(?:battery|phone|car|laptop|tv|line|mobile)(?: is| was|'s| has)?(?: gone"
        r"| died)? dead\b"
    )
)

# "not suicidal", "no smell", "don't think she's suicidal"; a conjunction or punctuation ends
# the negation's reach so "has no food and is suicidal" still counts.
_NEGATED_BEFORE = re.compile(
    r"\b(?:not|no|never|nothing|without|isn't|isnt|wasn't|aren't|don't|dont|doesn't|doesnt"
    r"|didn't|hasn't|haven't|neither|nor)\b"
    # "no joke, the gas smell is strong", "I'm not kidding": emphasis, not denial.
    r"(?!\s+(?:joke|joking|kidding|lying|exaggerating)\b)"
    r"(?:\s+(?!and\b|but\b|or\b|so\b|then\b)[\w']+){0,3}\s*$"
)

TABLE = LanguageTable(
    name="en",
    compact=False,
    script=re.compile(r"[a-z]"),
    signals=compile_signals(PATTERNS, macros=MACROS, spaced=True, word_start=True),
    idioms=_IDIOMS,
    negated_before=_NEGATED_BEFORE,
    negated_after=None,
    window=40,
)
