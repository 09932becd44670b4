"""Trigger lexicons for the event rules: general English news vocabulary.

Lemmas (lower case) of verbs and nouns that can announce each event type, plus
the words that make a clause unreal (planned, conditional, hearsay) and the
cues of each policy area. World knowledge, not tuned to any article.
"""

from __future__ import annotations

from .lexicon import ANONYMOUS_HEADS, ETHNONYMS, GENERIC_STATE, GOV_BODY_HEADS, GROUP_HEADS

# fmt: off
AGREEMENT_NOUNS = {
    'accord', 'agreement', 'arrangement', 'compact', 'deal', 'declaration', 'memorandum', 'mou', 'pact',
    'partnership', 'protocol', 'treaty', 'understanding',
}
SCHEME_NOUNS = {
    'partnership', 'plan', 'policy', 'program', 'programme', 'scheme',
}
MEASURE_NOUNS = {
    'amnesty', 'application', 'asylum', 'ban', 'bill', 'camp', 'campaign', 'cap', 'center', 'centre',
    'checks', 'claim', 'control', 'crackdown', 'curfew', 'deadline', 'decree', 'designation', 'facility',
    'fee', 'hub', 'law', 'legislation', 'limit', 'measure', 'order', 'package', 'pact', 'pathway', 'period',
    'permit', 'plan', 'policy', 'procedure', 'process', 'processing', 'program', 'programme', 'protection',
    'quota', 'reform', 'regulation', 'requirement', 'restriction', 'route', 'rule', 'sanction', 'scheme',
    'status', 'strategy', 'suspension', 'system', 'target', 'test', 'tps', 'visa',
}
PEOPLE_NOUNS = ETHNONYMS | {e + 's' for e in ETHNONYMS} | {
    'adolescent', 'afghan', 'applicant', 'asylum', 'child', 'citizen', 'cohort', 'cuban', 'deportee',
    'detainee',
    'eritrean', 'family', 'foreigner', 'group', 'haitian', 'immigrant', 'individual', 'man', 'migrant',
    'minor', 'national', 'non-citizen', 'noncitizen', 'people', 'person', 'prisoner', 'refugee', 'returnee',
    'rohingya', 'seeker', 'sudanese', 'syrian', 'teenager', 'them', 'venezuelan', 'woman', 'worker', 'youth',
}
# nouns that can head an acting subject ('rights groups', 'the ministry', 'officials')
AGENT_NOUNS = (
    GROUP_HEADS
    | ANONYMOUS_HEADS
    | GENERIC_STATE
    | GOV_BODY_HEADS
    | {
        "court",
        "tribunal",
        "judge",
        "justices",
        "judges",
        "minister",
        "president",
        "leader",
        "official",
        "spokesperson",
        "spokesman",
        "spokeswoman",
        "charity",
        "agency",
        "bloc",
        "union",
        "commission",
        "council",
        "parliament",
        "lawmaker",
        "senator",
        "opposition",
        "critic",
        "activist",
        "force",
        "police",
    }
)
OPERATE_VERBS = {
    'begin', 'carry', 'conduct', 'launch', 'operate', 'resume', 'stage', 'start', 'step',
}
REMOVAL_NOUNS = {
    'deportation', 'expulsion', 'pushback', 'removal', 'repatriation', 'return',
}
TALK_NOUNS = {
    'consultation', 'discussion', 'negotiation', 'talk', 'talks',
}
AGREE_VERBS = {
    'agree', 'approve', 'clinch', 'conclude', 'enter', 'ink', 'reach', 'seal', 'sign', 'strike',
    # only with a deal as the object: 'made a deal with Britain', 'brokered an agreement'
    'make', 'forge', 'broker', 'secure', 'cut',
}
END_VERBS = {
    'abandon', 'annul', 'axe', 'cancel', 'ditch', 'end', 'quit', 'rescind', 'revoke', 'scrap', 'suspend',
    'tear', 'terminate', 'withdraw',
}
REQUEST_VERBS = {
    'appeal', 'ask', 'beg', 'call', 'implore', 'lobby', 'press', 'pressure', 'push', 'request', 'seek',
    'urge',
}
POLICY_VERBS = {
    'abolish', 'adopt', 'announce', 'approve', 'ban', 'cap', 'close', 'create', 'cut', 'designate', 'ease',
    'enact', 'end', 'establish', 'expand', 'extend', 'freeze', 'halt', 'implement', 'impose', 'introduce',
    'invoke', 'issue', 'launch', 'lift', 'lower', 'open', 'order', 'pass', 'pause', 'raise', 'reinstate',
    'relax',
    'reopen', 'resettle', 'restrict', 'revoke', 'scrap', 'set', 'sign', 'stop', 'suspend', 'terminate',
    'tighten', 'turn', 'unveil',
}
REMOVAL_VERBS = {
    'airlift', 'deport', 'evict', 'expel', 'fly', 'intercept', 'push', 'relocate', 'remove', 'repatriate',
    'return', 'send', 'transfer',
}
RULING_VERBS = {
    'allow', 'approve', 'bar', 'block', 'censor', 'decide', 'declare', 'dismiss', 'find', 'grant', 'halt',
    'invalidate', 'lift', 'order', 'overturn', 'quash', 'refuse', 'reject', 'rule', 'side', 'strike',
    'suspend', 'uphold',
}
RULING_NOUNS = {
    'decision', 'injunction', 'intervention', 'judgement', 'judgment', 'order', 'ruling', 'verdict',
}
CRITIC_VERBS = {
    'accuse', 'appeal', 'assail', 'attack', 'blame', 'blast', 'castigate', 'censure', 'challenge',
    'condemn', 'criticise', 'criticize', 'decry', 'denounce', 'deplore', 'fault', 'lambast', 'object',
    'oppose', 'protest', 'question', 'rebuke', 'slam',
}
SUPPORT_VERBS = {
    'applaud', 'back', 'celebrate', 'champion', 'commend', 'defend', 'endorse', 'hail', 'laud', 'praise',
    'support', 'welcome',
}
# 'rejected the criticism': a stance in defence of the criticised measure
REBUTTAL_VERBS = {
    'brush', 'dismiss', 'rebuff', 'refute', 'reject',
}
REBUTTED_NOUNS = {
    'accusation', 'allegation', 'charge', 'complaint', 'concern', 'criticism', 'criticisms', 'objection',
}
# money announced as a package: 'the EU announced a 210 million euro package'
AID_NOUNS = {
    'aid', 'assistance', 'fund', 'funding', 'grant', 'loan', 'package', 'support',
}
ANNOUNCE_VERBS = {
    'announce', 'approve', 'earmark', 'unveil',
}
AID_VERBS = {
    'allocate', 'commit', 'disburse', 'donate', 'finance', 'fund', 'give', 'grant', 'pay', 'pledge',
    'provide',
}
PROTEST_VERBS = {
    'chant', 'demonstrate', 'gather', 'march', 'protest', 'rally', 'strike',
}
# words that make people who gather a protest ('gathered to demand', 'chanting against')
PROTEST_CUES = ('protest', 'demand', 'chant', 'against', 'banner', 'slogan', 'placard', 'call')
UNREAL_HEADS = {
    'aim', 'consider', 'due', 'expect', 'hope', 'intend', 'likely', 'plan', 'prepare', 'propose',
    'schedule', 'seek', 'set', 'threaten', 'try', 'want',
}
REALISING_HEADS = {
    'act', 'begin', 'continue', 'decide', 'move', 'proceed', 'rush', 'start', 'vote',
}
HEARSAY_NOUNS = {
    'allegation', 'claim', 'concern', 'evidence', 'fear', 'hope', 'idea', 'possibility', 'proof',
    'question', 'report', 'rumor', 'rumour', 'sign', 'speculation', 'suggestion',
}
MODALS = {
    "'ll", 'can', 'could', 'may', 'might', 'must', 'shall', 'should', 'will', 'would',
}
ANAPHORIC_DETS = {
    'such', 'that', 'the', 'these', 'this', 'those',
}
AREA_CUES = {
    "third_country_transfer": {
        "third country",
        "third countries",
        "third-country",
        "offshore",
        "return hub",
        "return centre",
        "return center",
        "other than their own",
        "accept deport",
        "accept migrants",
        "accept people",
        "send asylum seekers to",
        "send migrants to",
        "transfer",
        "outsourc",
        "externalis",
        "externaliz",
        "processing centre",
        "processing center",
        "cannot be returned",
        "cannot send back",
        "can't be returned",
    },
    "deportation": {"deport", "expel", "expulsion", "removal", "forced return", "repatriat", "returns"},
    "asylum": {"asylum application", "asylum claim", "asylum", "safe countr", "refugee status"},
    "border_control": {
        "border",
        "smuggl",
        "boat departure",
        "departures",
        "crossing",
        "coast guard",
        "pushback",
        "frontex",
        "traffick",
    },
    "detention": {"detention", "detain", "detainee", "held at", "holding centre", "locked up"},
    "resettlement": {"resettle", "resettlement"},
    "legal_migration": {
        "visa",
        "work permit",
        "temporary protected status",
        "tps",
        "legal status",
        "recruit workers",
        "seasonal work",
        "family reunification",
        "residence permit",
        "green card",
        "labour migration",
    },
    "other": {"citizenship", "naturalisation", "naturalization"},
}
SPECIFIC_AREAS = ("other", "legal_migration", "resettlement", "detention")
END_NOUNS = {'end', 'scrapping', 'cancellation', 'abolition', 'termination', 'suspension', 'collapse'}
TRIGGER_LEMMAS = (
    END_NOUNS
    | TALK_NOUNS
    | AGREE_VERBS
    | END_VERBS
    | REQUEST_VERBS
    | POLICY_VERBS
    | REMOVAL_VERBS
    | RULING_VERBS
    | RULING_NOUNS
    | CRITIC_VERBS
    | SUPPORT_VERBS
    | AID_VERBS
    | REBUTTAL_VERBS
    | ANNOUNCE_VERBS
    | PROTEST_VERBS
    | {
        "finalise",
        "finalize",
        "negotiate",
        "land",
        "arrive",
        "depart",
        "leave",
        "take",
        "be",
        "remain",
        "refuse",
        "protest",
        "raise",
        "voice",
        "express",
        "deride",
        "promise",
        "vow",
        "bring",
        "file",
        "lodge",
    }
    | OPERATE_VERBS
)
# Specific cues outweigh generic ones: 'deport' appears in most transfer stories too.
AREA_WEIGHT = {"third_country_transfer": 3, "resettlement": 2, "legal_migration": 2, "other": 2}
# fmt: on
