"""Demo content for the Refounding Assembly: groups, submitted proposals, amendments and a past ballot.

Every edit is an ``(old_phrase, new_phrase)`` pair against ``constitution.md``: ``old_phrase`` occurs
exactly once in that text and is replaced by ``new_phrase`` ("" deletes it). A sentence is inserted by
repeating the sentence before it in ``new_phrase``.

Two pairs of amendments are written to collide, so the demo shows a conflict to composite:

* the two ballot-quorum amendments both rewrite "at least 20 per cent of the members" in clause 9.7;
* the accessible-meetings and Welsh-language amendments both reword the same sentence of clause 4.4.

The other six amendments, and the two groups' proposals, touch separate parts of the text.
``sponsor`` is an index into ``people.NAMES``; member ``i`` belongs to group ``GROUPS[i % 6]``, so a
sponsor filing for a group is chosen from that group.
"""

#: (group name, region). Three regions, six local groups.
GROUPS = [
    ("Leeds", "Yorkshire and the North"),
    ("Sheffield", "Yorkshire and the North"),
    ("Manchester", "North West"),
    ("Liverpool", "North West"),
    ("Cardiff", "Wales"),
    ("Swansea", "Wales"),
]

#: Proposals submitted by two groups during the proposals phase; each rewrites one article.
PROPOSALS = [
    {
        "group": "Cardiff",
        "title": "Article 5: a Welsh National Committee that can act for Wales",
        "edits": [
            ("shall have the powers of a regional committee and, in addition, shall have the powers set out "
             "in clause 5.4.",
             "shall have the powers of a regional committee and, in addition, shall have the powers set out "
             "in clause 5.4. A national committee shall not be overruled by the National Council on any "
             "matter within those powers."),
            ("(d) employ staff in its nation from a budget agreed with the National Council.",
             "(d) employ staff in its nation from a budget agreed with the National Council;\n\n"
             "(e) decide the Movement's approach to elections to the Scottish Parliament or the Senedd, and "
             "to local elections in its nation, including any support for candidates."),
            ("shall meet at least once each year in north Wales, for example in Bangor, Wrecsam or Ynys Môn,",
             "shall hold at least two of its meetings each year in north or mid Wales, for example in "
             "Bangor, Wrecsam, Ynys Môn or Aberystwyth, and shall allow members to join every meeting "
             "online,"),
        ],
    },
    {
        "group": "Leeds",
        "title": "Article 11: a restorative approach to complaints",
        "edits": [
            ("shall first decide whether it is one that could be resolved by mediation or informal "
             "discussion, and if so shall offer that route to the parties.",
             "shall first consider whether it could be resolved through a restorative process led by a "
             "trained facilitator, and shall offer that process wherever the person who complained agrees. "
             "No member shall be required to meet a person they have complained about."),
            ("may dismiss the complaint, issue a warning,",
             "may dismiss the complaint, agree a restorative outcome with the parties, issue a warning, "
             "require the member to complete training,"),
            ("may not apply to rejoin the Movement for two years after the date of expulsion,",
             "may not apply to rejoin the Movement for eighteen months after the date of expulsion,"),
        ],
    },
]

#: Amendments filed against the base text in the amendments phase.
AMENDMENTS = [
    {
        "title": "Lower the quorum for all-member ballots to 15 per cent",
        "rationale": (
            "Two of the last three all-member ballots only just reached 20 per cent turnout, and one fell "
            "short after a postal strike. A decision that most members have had the chance to vote on should "
            "not be thrown out because of a few dozen votes. Fifteen per cent is still higher than the "
            "turnout in many union executive elections."
        ),
        "group": "Liverpool",
        "sponsor": 15,
        "edits": [
            ("valid only if at least 20 per cent of the members",
             "valid only if at least 15 per cent of the members"),
        ],
    },
    {
        "title": "A fixed-number quorum for all-member ballots",
        "rationale": (
            "A percentage quorum punishes us for recruiting: every new member who has not yet got involved "
            "makes it harder for the rest of us to take a valid decision. A fixed number of voters, with a "
            "percentage only as a floor while we are small, measures what actually matters, which is how "
            "many members took part."
        ),
        "group": None,
        "sponsor": 22,
        "edits": [
            ("at least 20 per cent of the members entitled to vote have taken part.",
             "at least 1,500 members, or 10 per cent of the members entitled to vote if that is fewer, have "
             "taken part."),
        ],
    },
    {
        "title": "Accessible local group meetings",
        "rationale": (
            "\"Places that members can reasonably attend\" has too often meant an upstairs room in a pub. "
            "Disabled members, carers and members without a car have told us they cannot get to meetings at "
            "all. This sets a minimum standard every group can meet, with a hybrid option so that nobody is "
            "shut out."
        ),
        "group": "Manchester",
        "sponsor": 14,
        "edits": [
            ("Meetings shall be held at times and in places that members can reasonably attend,",
             "Meetings shall be held at times that members can reasonably attend, in venues with step-free "
             "access and an accessible toilet, with a way to join remotely and, on request, live captions or "
             "British Sign Language interpretation,"),
        ],
    },
    {
        "title": "Welsh language rights in meetings and ballots",
        "rationale": (
            "Receiving communications in Welsh on request is not enough if members cannot use Welsh where "
            "decisions are actually taken. Members in Swansea, Ynys Môn and Gwynedd should be able to speak "
            "and vote in their own language. The cost of interpretation would be met from the national "
            "budget, not by the local group."
        ),
        "group": "Swansea",
        "sponsor": 11,
        "edits": [
            ("in places that members can reasonably attend, and notice of each meeting",
             "in places that members can reasonably attend, at which any member in Wales may speak in Welsh, "
             "with interpretation provided at the Movement's expense, and notice of each meeting"),
            ("Every member shall be able to vote by post on request.",
             "Every member shall be able to vote by post on request. Members in Wales shall be offered every "
             "ballot paper and candidate statement in Welsh as well as English."),
        ],
    },
    {
        "title": "Digital participation in the National Assembly",
        "rationale": (
            "At the last National Assembly a third of the delegates from Cymru and the North West could not "
            "afford the time off work or the travel. Online attendance must come with full rights, not a "
            "watch-only livestream. The paper card for cheque payers costs more to post than the nominal "
            "rate brings in, and can go."
        ),
        "group": "Sheffield",
        "sponsor": 13,
        "edits": [
            (" Members paying by cheque or postal order shall receive a paper membership card each year.",
             ""),
            ("a full report shall be sent to every local group within eight weeks of the Assembly closing.",
             "a full report shall be sent to every local group within eight weeks of the Assembly "
             "closing.\n\n"
             "6.11 Delegates who cannot attend the National Assembly in person may take part and vote "
             "online, using a system approved by the returning officer. The National Council shall ensure "
             "that online delegates can speak, move motions and vote on the same terms as those in the "
             "room."),
        ],
    },
    {
        "title": "Lower the petition threshold for all-member ballots",
        "rationale": (
            "Five per cent of members from three regions is over 1,200 signatures, which no group of "
            "ordinary members has ever managed. Two per cent from two regions keeps petitions serious while "
            "making the right to trigger a ballot real rather than theoretical."
        ),
        "group": None,
        "sponsor": 31,
        "edits": [
            ("signed by at least 5 per cent of members, drawn from at least three regions",
             "signed by at least 2 per cent of members, drawn from at least two regions"),
        ],
    },
    {
        "title": "Gender-balanced slates and results",
        "rationale": (
            "Local groups already elect a woman as organiser or secretary, but the National Council has "
            "never had more than seven women among its twenty-four members. This requires any slate to be "
            "balanced and the count to guarantee that at least half of those elected are women."
        ),
        "group": "Leeds",
        "sponsor": 12,
        "edits": [
            ("Elections for more than one position shall be by single transferable vote.",
             "Elections for more than one position shall be by single transferable vote, and at least half "
             "of those elected shall be women. Where candidates stand together as a slate, at least half of "
             "the candidates on the slate shall be women."),
        ],
    },
    {
        "title": "Regional seats on the National Council",
        "rationale": (
            "Every one of the twelve list seats elected last time went to members living within fifty miles "
            "of London. Reserving one seat for each English region keeps the Council in touch with the "
            "groups that do the work, while keeping a national list for members elected on their politics."
        ),
        "group": "Sheffield",
        "sponsor": 19,
        "edits": [
            ("(c) twelve members elected by all-member ballot on a single national list;",
             "(c) one member elected by the members in each region of England, and six members elected by "
             "all-member ballot on a single national list;"),
        ],
    },
    {
        "title": "Term limits for national officers",
        "rationale": (
            "Renewal is healthy for any democratic organisation. Three consecutive terms is six years, which "
            "is long enough to see any project through, and the limit applies to an office rather than a "
            "person, so experienced officers can still stand for a different role."
        ),
        "group": None,
        "sponsor": 40,
        "edits": [
            ("They shall serve for a term of two years and may stand for re-election.",
             "They shall serve for a term of two years and may stand for re-election, but no person shall "
             "hold the same office for more than three consecutive terms."),
        ],
    },
    {
        "title": "Rename the Membership Secretary as the Membership Organiser",
        "rationale": (
            "The job is about keeping members active and involved, not about keeping a card index. The new "
            "title says what we want the officer to do, and matches the organisers who lead our local groups."
        ),
        "group": "Cardiff",
        "sponsor": 28,
        "edits": [
            ("shall be made to the Membership Secretary, who shall admit",
             "shall be made to the Membership Organiser, who shall admit"),
            ("shall be contacted by the Membership Secretary and offered help",
             "shall be contacted by the Membership Organiser and offered help"),
            ("3.9 The Membership Secretary shall keep",
             "3.9 The Membership Organiser shall keep"),
            ("(d) the Membership Secretary, who shall be responsible for membership records",
             "(d) the Membership Organiser, who shall be responsible for membership records"),
        ],
    },
]

#: A past all-member ballot, already closed, shown in the ballot history.
BALLOT = {
    "title": "All-member ballot, October 2026: interim rulebook and the new committee's name",
    "questions": [
        {
            "text": ("Do you approve the Interim Rulebook recommended by the National Council, to govern the "
                     "Movement until the Refounding Assembly has concluded?"),
            "kind": "yes_no_abstain",
            "threshold": "two_thirds",
        },
        {
            "text": ("Rank the proposed names for the new national committee that will oversee members' "
                     "democracy and the Refounding Assembly, in order of preference."),
            "kind": "ranked",
            "options": [
                "Democracy Committee",
                "Refounding Committee",
                "Constitution and Rules Committee",
                "Members' Democracy Commission",
            ],
            "method": "schulze",
        },
    ],
}
