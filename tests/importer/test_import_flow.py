"""The flow rules of docs/guide-import.md (branches, conditions, section guidance,
checklists, checks): one small guide each, imported through the command and read
back with `load_guide`, as `prompter run` would read it."""

from __future__ import annotations

from prompter.cli import main
from prompter.guide import load_guide


def imported(tmp_path, capsys, text: str, name: str = "g.md"):
    src = tmp_path / name
    src.write_text(text, encoding="utf-8")
    out = tmp_path / "out.yaml"
    assert main(["import", str(src), "-o", str(out)]) == 0
    return load_guide(out), capsys.readouterr().err, out.read_text()


def branches(q):
    return [(b.label, " / ".join(b.to)) for b in q.branches]


UX = (
    "# Usability guide\n\n## Screener\n\n1. Have you visited the new site?\n"
    "   _If not, go to Wrap up._\n2. What is your role?\n\n## Tasks (20 mins)\n\n"
    "- Please find the opening hours.\n\n## Wrap up (5 mins)\n\n- Anything else?\n"
)


def test_if_not_go_to_a_section_is_one_branch_and_a_guess(tmp_path, capsys):
    guide, err, text = imported(tmp_path, capsys, UX)
    q = guide.questions[0]
    assert branches(q) == [("Not visited", "Wrap up")]
    assert q.guidance == ""  # the branch says it now
    assert guide.questions[1].branches == ()
    assert "line 5: guessed: 'If not, go to Wrap up.' read as branch: Not visited -> Wrap up" in err
    assert "# guessed: 'If not, go to Wrap up.' read as branch" in text
    assert "- {label: Not visited, to: Wrap up}" in text


def test_a_target_that_names_no_section_stays_guidance(tmp_path, capsys):
    guide, err, _ = imported(tmp_path, capsys, UX.replace("go to Wrap up", "go to Closing"))
    q = guide.questions[0]
    assert q.branches == () and q.guidance == "If not, go to Closing."
    assert (
        "line 5: guessed: 'If not, go to Closing.' kept as guidance: 'Closing' is not a "
        "section with questions in this guide"
    ) in err


def test_a_section_without_questions_is_no_target(tmp_path, capsys):
    # the Wrap up here is only the closing text: it is not a section of the guide
    guide, err, _ = imported(
        tmp_path,
        capsys,
        "# G\n\n## S\n\n- Did you apply? _If not, go to Wrap up._\n\n## Wrap up\n\nThank you.\n",
    )
    assert guide.questions[0].branches == () and guide.closing == "Thank you."
    assert "'Wrap up' is not a section with questions" in err


def test_yes_and_no_arrows_in_a_text_guide(tmp_path, capsys):
    guide, err, _ = imported(
        tmp_path,
        capsys,
        "Screener guide\n\nSCREENER\n\nQ1. Do you drive? Yes → Driving; No -> Walking\n"
        "Q2. Have you used the bus?\n→ Walking (5 mins)\n\nDRIVING\n\nQ3. Where do you park?\n\n"
        "WALKING\n\nQ4. How far do you walk?\n",
        "g.txt",
    )
    q1, q2 = guide.questions[:2]
    assert q1.text == "Do you drive?"
    assert branches(q1) == [("Yes", "Driving"), ("No", "Walking")]
    assert branches(q2) == [("Go to Walking", "Walking")]
    assert err.count("read as branch") == 2


def test_the_next_section_and_a_repeated_title(tmp_path, capsys):
    guide, _, _ = imported(
        tmp_path,
        capsys,
        "# G\n\n## Site A\n\n- Did you visit?\n  If not, skip to the next section.\n"
        "- Have you booked? If yes, go to Booking.\n\n### Booking\n\n- How?\n\n"
        "## Site B\n\n### Booking\n\n- When?\n",
    )
    q1, q2 = guide.questions[:2]
    assert branches(q1) == [("No", "Site B")]  # Site A's own sub-section is inside it
    # two sections are called Booking: the first after the question, by its path
    assert branches(q2) == [("Booked", "Site A / Booking")]
    assert q2.branches[0].to == ("Site A", "Booking")


def test_several_outcomes_in_a_list_under_the_question(tmp_path, capsys):
    guide, _, _ = imported(
        tmp_path,
        capsys,
        "# G\n\n## Travel\n\n1. How do you travel to work?\n"
        "   - If they cycle, go to Cycling\n   - If by car, go to Parking\n"
        "   - What else?\n\n## Cycling\n\n- Where do you lock it?\n\n"
        "## Parking\n\n- Where do you park?\n",
    )
    q = guide.questions[0]
    assert branches(q) == [("They cycle", "Cycling"), ("By car", "Parking")]
    assert q.probe_texts == ("What else?",)


CONDITIONS = (
    "# Transport guide\n\n## Getting about\n\n"
    "1. (If they use the site) How often do you visit it?\n"
    "2. _Only if they were:_ who else was there?\n"
    "3. Only ask if they drive: where do you park?\n"
    "4. Do you cycle?\n\n_Only ask if they cycle._\n\n"
    "5. Where do you lock your bike?\n"
    "6. (If relevant) Have you tried the bus?\n"
    "7. If you have children, how do they get to school?\n\n"
    "## Parking (only if they drive)\n\n- How much do you pay?\n\n"
    "## Buses\n\nOnly ask this section if they use buses.\n\n- Which routes?\n\n"
    "## Trains\n\n_(If they commute by train)_\n\n- Which station?\n"
)


def test_conditions_of_questions(tmp_path, capsys):
    guide, err, _ = imported(tmp_path, capsys, CONDITIONS)
    got = [(q.text, q.condition, q.guidance, q.priority) for q in guide.questions[:7]]
    assert got == [
        ("How often do you visit it?", "they use the site", "", "core"),
        ("who else was there?", "they were", "", "core"),
        ("where do you park?", "they drive", "", "core"),
        ("Do you cycle?", "", "", "core"),
        # a line 'Only ask if ...' between two questions heads the one below it
        ("Where do you lock your bike?", "they cycle", "", "core"),
        # 'if relevant' is a priority, as before, not a condition
        ("Have you tried the bus?", "", "(If relevant)", "optional"),
        # an 'If' that is part of what is said stays in the text
        ("If you have children, how do they get to school?", "", "", "core"),
    ]
    # a bare '(If ...)' is a guess; 'Only ask if' and 'Only if' are said outright
    assert "line 5: guessed: '(If they use the site)' taken as when to ask it" in err
    assert err.count("taken as when to ask it") == 1


def test_conditions_of_sections(tmp_path, capsys):
    guide, err, text = imported(tmp_path, capsys, CONDITIONS)
    got = [(s.title, s.condition, s.description) for s in guide.sections]
    assert got == [
        ("Getting about", "", ""),
        ("Parking", "they drive", ""),
        ("Buses", "they use buses", ""),
        ("Trains", "they commute by train", ""),
    ]
    assert "guessed: '(If they commute by train)' taken as when it applies" in err
    assert "    condition: they drive\n" in text


def test_an_only_ask_if_with_no_question_after_it_stays_text(tmp_path, capsys):
    guide, _, _ = imported(
        tmp_path,
        capsys,
        "# G\n\n## A\n\n- Do you cycle?\n\nOnly ask if they cycle.\n\n## B\n\n- Where?\n",
    )
    assert [q.condition for q in guide.questions] == ["", ""]
    assert guide.questions[0].guidance == "Only ask if they cycle."


def test_a_note_under_a_heading_is_the_sections_guidance(tmp_path, capsys):
    guide, _, text = imported(
        tmp_path,
        capsys,
        "# G\n\n## Tasks\n\n_Now I'd like you to try the prototype._\n\n"
        "Three short tasks on the new site.\n\n[Share the link in the chat]\n\n"
        "- Please find the opening hours.\n",
    )
    (sec,) = guide.sections
    assert sec.guidance == "Now I'd like you to try the prototype. [Share the link in the chat]"
    assert sec.description == "Three short tasks on the new site."
    assert guide.questions[0].guidance == ""


def test_lists_to_tick_are_checklist_probes(tmp_path, capsys):
    guide, err, _ = imported(
        tmp_path,
        capsys,
        "# Survey\n\n## Services\n\n"
        "1. Which services have you used? (Tick all that apply)\n"
        "   - GP\n   - Pharmacy\n   - A&E\n"
        "2. Who did you tell: family, friends, your GP? _(tick all that apply)_\n"
        "3. What did you do next?\n"
        "   - Probe: what feedback did you solicit from: state officials, schools, parents?\n"
        "   - Which of these helped? (tick all that apply)\n"
        "     - leaflets\n     - the website\n"
        "   - Who did you call: police or the council?\n"
        "   - Probe: did they use any of: the app, the website, the phone?\n"
        "   - Select any:\n     - cost\n     - time\n"
        "4. Have you used any of: the app, the website?\n",
    )
    rows = [
        (q.text, [(p.text, p.checklist, [x.text for x in p.probes]) for p in q.probes])
        for q in guide.questions
    ]
    assert rows == [
        (
            "Which services have you used?",
            [("Tick all that apply", True, ["GP", "Pharmacy", "A&E"])],
        ),
        ("Who did you tell?", [("Tick all that apply", True, ["family", "friends", "your GP"])]),
        (
            "What did you do next?",
            [
                # a list after a colon with nothing to say it is ticked: said as written
                (
                    "what feedback did you solicit from: state officials, schools, parents?",
                    False,
                    [],
                ),
                ("Which of these helped?", True, ["leaflets", "the website"]),
                ("Who did you call: police or the council?", False, []),
                ("did they use any of:", True, ["the app", "the website", "the phone"]),
                ("Select any:", True, ["cost", "time"]),
            ],
        ),
        (
            "Have you used any of these?",
            [("Tick all that apply", True, ["the app", "the website"])],
        ),
    ]
    # the lists ticked for their words ('any of', 'select any'), not a mark, are guesses
    assert err.count("guessed:") == 3
    assert "line 16: guessed: the list after its ':' taken as items to tick ('any of')" in err
    assert "line 17: guessed: the list under it taken as items to tick ('Select any')" in err
    assert "line 20: guessed: the list after its ':' taken as items to tick ('any of')" in err


def test_a_spoken_question_or_probe_with_a_colon_is_not_a_checklist(tmp_path, capsys):
    # issue 24: 'Who made it: you, your department, or senior leadership?' became a list
    # to tick headed 'Who made it:'
    guide, err, _ = imported(
        tmp_path,
        capsys,
        "# Guide\n\n## Decisions\n\n"
        "1. Tell me about the decision to close the library.\n"
        "   - Who made it: you, your department, or senior leadership?\n"
        "2. Where did you hear of it: email, a meeting, the news?\n",
    )
    q1, q2 = guide.questions
    assert [(p.text, p.checklist) for p in q1.probes] == [
        ("Who made it: you, your department, or senior leadership?", False)
    ]
    assert q2.text == "Where did you hear of it: email, a meeting, the news?" and not q2.probes
    assert "guessed" not in err


def test_status_lines_and_boxes_are_checks(tmp_path, capsys):
    guide, err, text = imported(
        tmp_path,
        capsys,
        "# G\n\n## Before we start\n\n- [ ] Consent form signed\n- Recording started\n\n"
        "## Questions\n\n- What is your role?\n\n_Check consent has been recorded._\n\n"
        "- How long have you worked here?\n- ☐ Recording stopped\n\nThank you.\n",
    )
    got = [(q.text, q.kind) for q in guide.questions]
    assert got == [
        ("Consent form signed", "check"),
        ("Recording started", "check"),
        ("What is your role?", "question"),
        ("How long have you worked here?", "question"),
        ("Recording stopped", "check"),
    ]
    # an instruction in a sentence is not a status: it stays a note
    assert guide.questions[2].guidance == "Check consent has been recorded."
    assert guide.closing == "Thank you."
    assert err.count("taken as a check to tick") == 3
    assert "line 5: guessed: 'Consent form signed' taken as a check to tick" in err
    assert "kind: check" in text


def test_a_status_line_in_a_text_guide_is_a_check_not_a_heading(tmp_path, capsys):
    guide, _, _ = imported(
        tmp_path,
        capsys,
        "Guide\n\nSTART\n\nConsent obtained\nRecording started\n\nTOPICS\n\n1. What do you do?\n",
        "g.txt",
    )
    assert [s.title for s in guide.sections] == ["Start", "Topics"]
    assert [q.kind for q in guide.questions] == ["check", "check", "question"]
