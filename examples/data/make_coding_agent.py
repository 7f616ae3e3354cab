#!/usr/bin/env python3
"""Builds examples/src/main/resources/conversations/coding-agent.json.

The file is the history of a coding agent (OpenAI Responses item format) that works on this
repository as it stood at a fixed commit: it lists directories, reads files, greps, reads git
history, runs the test suite, finds a real bug in Turns.turnStarts, writes a failing test, fixes
the bug, then reviews how exceptions scrub secrets and runs the full build.

Every tool output in the file is the real output of the command shown, run by this script on a
fresh clone of the repository checked out at --rev. The task, the reasoning summaries, the
assistant messages and the two patches the agent applies are written by hand (they are the
narrative); the patches are really applied to the clone, so the commands after them show their
effect. Only this repository's own sources (Apache-2.0) and command output are quoted.

Deterministic: ids and the opaque encrypted reasoning come from a fixed seed; listings are
sorted; the clone's file times are set to the commit time; and the few things that differ
between runs or machines are normalised:
  - the temporary directory is shown as /workspace, the home directory as ~;
  - owner and group in `ls -l` output are shown as `agent`;
  - Maven's timings ("Time elapsed", "Total time", "Finished at") are replaced by fixed values,
    and its colour-reset escape sequences are removed.
Run it again on the same commit, JDK and Maven cache and you get the same bytes.

Needs: Python 3 (stdlib only), git, bash, coreutils, unzip, a JDK 17+ and Maven with a warm
local repository (the Maven runs are offline: run `mvn -B install` in the repository first).

    python3 examples/data/make_coding_agent.py            # writes the resource file
    python3 examples/data/make_coding_agent.py --out /tmp/c.json --rev <commit>
"""

import argparse
import base64
import calendar
import grp
import json
import os
import pwd
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time

# main at the time of writing: Turns.turnStarts still splits a user message from its answer
DEFAULT_REV = "e03c37dfc18c1e58e4cfb497f953739036e346da"
SEED = 20261123
WORKSPACE = "/workspace"
REPO_DIR = WORKSPACE + "/compact4j"
TURNS = "src/main/java/io/github/compact4j/conversation/Turns.java"
TURNS_TEST = "src/test/java/io/github/compact4j/conversation/TurnsTest.java"


class Workspace:
    """The clone the commands run in, and the normalisation of what they print."""

    def __init__(self, source_repo, rev):
        self.tmp = tempfile.mkdtemp(prefix="c4j-agent-")
        self.root = os.path.join(self.tmp, "workspace")
        self.repo = os.path.join(self.root, "compact4j")
        os.makedirs(self.root)
        run_checked(["git", "clone", "-q", "--no-checkout", source_repo, self.repo])
        run_checked(["git", "-C", self.repo, "checkout", "-q", "-b", "fix-turn-boundaries", rev])
        self.commit_time = int(run_checked(["git", "-C", self.repo, "log", "-1", "--format=%ct", rev]).strip())
        self.clock = self.commit_time + 3600  # the agent starts an hour after the commit
        for base, dirs, files in os.walk(self.repo):
            if ".git" in base.split(os.sep):
                continue
            for name in dirs + files:
                os.utime(os.path.join(base, name), (self.commit_time, self.commit_time), follow_symlinks=False)
        os.utime(self.repo, (self.commit_time, self.commit_time))
        os.utime(self.root, (self.commit_time, self.commit_time))
        self.user = pwd.getpwuid(os.getuid()).pw_name
        self.group = grp.getgrgid(os.getgid()).gr_name
        self.env = dict(os.environ, TZ="UTC", LC_ALL="C", LANG="C", GIT_PAGER="cat", PAGER="cat",
                        TERM="dumb", MAVEN_OPTS=os.environ.get("MAVEN_OPTS", ""))

    def tick(self, minutes=1):
        self.clock += 60 * minutes
        return self.clock

    def run(self, command, expect=0, timeout=900):
        proc = subprocess.run(["bash", "-c", command], cwd=self.repo, env=self.env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, timeout=timeout)
        out = proc.stdout.decode("utf-8", errors="replace")
        if proc.returncode != expect:
            sys.exit("command `%s` exited %d, expected %d; output:\n%s\n(the Maven runs are offline: run "
                     "`mvn -B install` in the repository once to warm the cache)" % (command, proc.returncode,
                                                                                     expect, out[-4000:]))
        return proc.returncode, self.normalise(out)

    def normalise(self, text):
        text = re.sub(r"\x1b\[[0-9;]*m", "", text)  # Maven's colour resets, even in batch mode
        text = text.replace(self.root, WORKSPACE)
        home = os.path.expanduser("~")
        if home and home != "/":
            text = text.replace(home + "/", "~/")
        # ls -l: owner and group columns
        owner = re.compile(r"^([-bcdlps][-rwxsStT]{9}[.+@]?\s+\d+\s+)" + re.escape(self.user) + r"(\s+)"
                           + re.escape(self.group) + r"(\s)", re.M)
        text = owner.sub(lambda m: m.group(1) + "agent".ljust(len(self.user)) + m.group(2)
                         + "agent".ljust(len(self.group)) + m.group(3), text)
        # Maven timings
        text = re.sub(r"Time elapsed: [0-9.]+ s", "Time elapsed: 0.084 s", text)
        text = re.sub(r"Total time:\s+[0-9.:]+ (s|min)", "Total time:  7.912 s", text)
        text = re.sub(r"Finished at: \S+", "Finished at: "
                      + time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(self.clock)), text)
        return text

    def write(self, path, content):
        full = os.path.join(self.repo, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w", encoding="utf-8") as f:
            f.write(content)
        t = self.tick()
        os.utime(full, (t, t))
        os.utime(os.path.dirname(full), (t, t))

    def read(self, path):
        with open(os.path.join(self.repo, path), encoding="utf-8") as f:
            return f.read()

    def close(self):
        shutil.rmtree(self.tmp, ignore_errors=True)


def run_checked(argv):
    return subprocess.run(argv, check=True, stdout=subprocess.PIPE, env=dict(os.environ, LC_ALL="C")).stdout.decode()


class Conversation:
    """Appends Responses API items with ids like the API's, all drawn from one seeded generator."""

    def __init__(self, ws, rng):
        self.ws = ws
        self.rng = rng
        self.items = []

    def _hex(self, n):
        return "".join(self.rng.choice("0123456789abcdef") for _ in range(n))

    def _call_id(self):
        alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
        return "call_" + "".join(self.rng.choice(alphabet) for _ in range(24))

    def developer(self, text):
        self.items.append({"type": "message", "role": "developer",
                           "content": [{"type": "input_text", "text": text}]})

    def user(self, text):
        self.items.append({"type": "message", "role": "user",
                           "content": [{"type": "input_text", "text": text}]})

    def think(self, *summary, encrypted=True):
        item = {"type": "reasoning", "id": "rs_" + self._hex(48),
                "summary": [{"type": "summary_text", "text": s} for s in summary]}
        if encrypted:
            # opaque by nature: the real thing is ciphertext only OpenAI can read
            blob = bytes(self.rng.getrandbits(8) for _ in range(self.rng.randint(900, 3200)))
            item["encrypted_content"] = "gAAAAA" + base64.urlsafe_b64encode(blob).decode()
        self.items.append(item)

    def say(self, text):
        self.items.append({"type": "message", "id": "msg_" + self._hex(48), "role": "assistant",
                           "status": "completed",
                           "content": [{"type": "output_text", "annotations": [], "text": text}]})

    def _call(self, name, arguments):
        call_id = self._call_id()
        self.items.append({"type": "function_call", "id": "fc_" + self._hex(48), "call_id": call_id,
                           "name": name, "arguments": json.dumps(arguments, separators=(",", ":")),
                           "status": "completed"})
        return call_id

    def shell(self, *commands, expect=0):
        """Runs the commands (several = parallel tool calls) and records calls, then outputs."""
        pending = []
        for command in commands:
            if isinstance(command, tuple):
                command, code = command
            else:
                code = expect
            call_id = self._call("shell", {"command": ["bash", "-lc", command], "workdir": REPO_DIR,
                                           "timeout_ms": 120000})
            pending.append((call_id, command, code))
        for call_id, command, code in pending:
            rc, out = self.ws.run(command, expect=code)
            self.ws.tick()
            self.items.append({"type": "function_call_output", "call_id": call_id,
                               "output": "Exit code: %d\nOutput:\n%s" % (rc, out)})

    def patch(self, patch_text):
        """Records an apply_patch call and applies the patch to the clone for real."""
        call_id = self._call("apply_patch", {"input": patch_text})
        changed = apply_patch(self.ws, patch_text)
        self.items.append({"type": "function_call_output", "call_id": call_id,
                           "output": "Success. Updated the following files:\n" + "\n".join(changed) + "\n"})


def apply_patch(ws, patch_text):
    """Applies the two forms the narrative uses: Add File, and Update File with exact hunks."""
    lines = patch_text.split("\n")
    assert lines[0] == "*** Begin Patch" and lines[-1] == "*** End Patch", "malformed patch"
    changed = []
    i = 1
    while i < len(lines) - 1:
        header = lines[i]
        if header.startswith("*** Add File: "):
            path = header[len("*** Add File: "):]
            body = []
            i += 1
            while i < len(lines) - 1 and not lines[i].startswith("*** "):
                assert lines[i].startswith("+"), "added lines start with +: " + lines[i]
                body.append(lines[i][1:])
                i += 1
            ws.write(path, "\n".join(body) + "\n")
            changed.append("A " + path)
        elif header.startswith("*** Update File: "):
            path = header[len("*** Update File: "):]
            text = ws.read(path)
            i += 1
            while i < len(lines) - 1 and not lines[i].startswith("*** "):
                assert lines[i].startswith("@@"), "hunk expected: " + lines[i]
                i += 1
                old, new = [], []
                while i < len(lines) - 1 and not lines[i].startswith("@@") and not lines[i].startswith("*** "):
                    tag, rest = lines[i][:1], lines[i][1:]
                    if tag in (" ", "-"):
                        old.append(rest)
                    if tag in (" ", "+"):
                        new.append(rest)
                    i += 1
                before, after = "\n".join(old) + "\n", "\n".join(new) + "\n"
                assert text.count(before) == 1, "hunk does not apply exactly once in " + path
                text = text.replace(before, after)
            ws.write(path, text)
            changed.append("M " + path)
        else:
            raise AssertionError("unknown patch line: " + header)
    return changed


DEVELOPER = """You are a coding agent working in a terminal on the user's machine. You and the user share one \
workspace; the repository is checked out at /workspace/compact4j on a branch of its own.

Tools:
- shell: runs a bash command in the workspace and returns its exit code and output (stdout and \
stderr together). Use it to explore: ls, find, cat -n, sed -n, grep -rn, wc, git. Prefer reading the \
exact lines you need over guessing. Never run commands that need the network: Maven runs offline (-o).
- apply_patch: edits files. Input is a patch between "*** Begin Patch" and "*** End Patch" with \
"*** Add File: <path>" or "*** Update File: <path>" sections; every hunk starts with "@@" and lists \
context (" "), removed ("-") and added ("+") lines.

How to work:
- Understand before you change: read the code involved and the tests that cover it, and check what \
the documentation promises. When code and documentation disagree, find out which one is right.
- Reproduce a bug with a failing test before fixing it; then make the smallest change that fixes it \
and run the tests again, then the whole suite.
- Keep to the conventions of the repository (see CONTRIBUTING.md). Do not reformat code you are not \
changing. Do not commit; the user reviews the diff.
- Between steps, say briefly what you found and what you will do next. When you finish, give a short \
summary: the cause, the change, how it was verified, and anything left open.
- Never print or log credentials. Treat API keys you come across as secrets."""

TASK = """Bug from the summarizing-strategy work: with keepRecentTurns(2) the strategy kept less of the \
conversation than two exchanges. We traced it to io.github.compact4j.conversation.Turns.turnStarts: \
it seems to put a user message and the model's reply to it into two different turns. The class \
Javadoc says [user, reasoning, call, call, result, result] is ONE turn.

Please find the cause, fix it, and add a regression test. safeCuts, headEnd and unpaired must keep \
behaving as they do now. Run the test suite when you are done (offline: mvn -o)."""


def narrate(conv, ws):
    conv.developer(DEVELOPER)
    conv.user(TASK)

    conv.think("**Getting oriented**\n\nThe report points at `Turns.turnStarts`. Before reading it I want the "
               "layout of the repository and how it builds, so I know where tests go and how to run them.")
    conv.shell("ls -la")

    conv.think("**Reading recent history**\n\nThe repository is young: a Maven project with `src`, a CI script "
               "and CONTRIBUTING. The commit log should say when `Turns` arrived and what it was meant to do.",
               encrypted=False)
    conv.shell("git log --stat -n 5")

    conv.think("**Reading the whole history**\n\nFour commits in all. `Turns` came in its own commit, described as "
               "the single definition of head, turns and safe cuts that masking and summarizing share. With a "
               "history this short, reading every patch is the quickest way to learn the conventions before I "
               "touch anything.")
    conv.shell("git log -p --reverse")

    conv.think("**Mapping the sources**\n\nThe first commit brought the build, the item model and the contract "
               "types; the later ones added the trace scope, `Turns` and CONTRIBUTING. Listing every file and the "
               "size of each Java source, to see where tests live and how big each piece is.", encrypted=False)
    conv.shell("find . -path ./.git -prune -o -type f -print | sort", "wc -l $(git ls-files '*.java')")

    conv.say("The conversation model lives in `src/main/java/io/github/compact4j/conversation/`, and `Turns.java` "
             "is 138 lines. I'll read it in full, then the item types it classifies.")
    conv.shell("cat -n " + TURNS)

    conv.think("**Tracing turnStarts**\n\nThe loop starts at `headEnd(items)` with `afterResult = true`. An item "
               "starts a turn when it is a non-assistant message, or when it is not a result and `afterResult` is "
               "set. At line 68 the flag becomes `result || user`.",
               "**Spotting the mismatch**\n\nAfter a user message the flag is true, so the next model item (a "
               "reasoning item or a call) passes `!result && afterResult` and opens a second turn. For "
               "`[user, reasoning, call, call, result, result]` that gives two turns: `[user]` and the rest. The "
               "Javadoc says it is one. Before deciding which side is right I want to know who calls these methods.")
    conv.shell("grep -rn \"turnStarts\\|headEnd\\|safeCuts\\|unpaired\" --include='*.java' .")

    conv.think("**Checking how items are classified**\n\nOnly `Turns` refers to them so far, so the strategies "
               "that will use it follow the Javadoc, not the current behaviour. The `user` test in the loop is "
               "`it instanceof Message m && !Message.ASSISTANT.equals(m.role())`, so I need to see how `Message` "
               "reads its role and which item types count as tool results.")
    conv.shell("cat -n src/main/java/io/github/compact4j/conversation/Message.java",
               "cat -n src/main/java/io/github/compact4j/conversation/ToolResult.java")

    conv.think("**Calls and the sealed Item**\n\n`Message.role()` returns an empty string when `role` is missing, so "
               "a role-less message counts as a user turn start too. `ToolResult` covers eight result kinds through "
               "`CALL_TYPES`. Reading `ToolCall` and the sealed `Item` interface for the other side of the pairing.",
               encrypted=False)
    conv.shell("cat -n src/main/java/io/github/compact4j/conversation/ToolCall.java",
               "cat -n src/main/java/io/github/compact4j/conversation/Item.java")

    conv.think("**How JSON becomes items**\n\nA message written without `type` must still become a `Message`, or "
               "a short-form user message would not start a turn at all. `ResponsesItems` does the classifying.")
    conv.shell("cat -n src/main/java/io/github/compact4j/conversation/ResponsesItems.java")

    conv.think("**The remaining item types**\n\n`classify` maps `message`, and a typeless item with a `role`, to `Message`; call and "
               "result types through the two maps, `reasoning` to `Reasoning`, `compaction` to `Compaction` and "
               "everything else to `OpaqueItem`. Reading the shared base and the small types to be sure none of "
               "them overrides `type()` in a way that matters here.", encrypted=False)
    conv.shell("cat -n src/main/java/io/github/compact4j/conversation/JsonItem.java",
               "cat -n src/main/java/io/github/compact4j/conversation/Reasoning.java",
               "cat -n src/main/java/io/github/compact4j/conversation/OpaqueItem.java")

    conv.say("Cause found: in `Turns.turnStarts` the flag that marks \"the next model item starts a turn\" is also "
             "set after a user message (`afterResult = result || user`, line 68), so the model's reply to a user "
             "message opens a turn of its own. That contradicts the class Javadoc and makes `keepRecentTurns(2)` "
             "keep a lone user message plus one model step. I'll reproduce it with a failing test before changing "
             "anything; first, how the existing tests are laid out.")
    conv.shell("find src/test -type f | sort",
               "cat -n src/test/java/io/github/compact4j/conversation/ResponsesItemsSmokeTest.java")

    conv.think("**Test stack**\n\nThere is a single smoke test in the `conversation` package. Checking the POM for "
               "the JUnit version, the surefire configuration and whether jqwik is on the test classpath.")
    conv.shell("cat -n pom.xml")

    conv.think("**Repository rules for tests**\n\nJUnit Jupiter 5.11 and jqwik 1.9 are test dependencies, and "
               "surefire picks up `*Test`, `*Tests` and `*Properties`. CONTRIBUTING should say what a change to "
               "conversation surgery needs.", encrypted=False)
    conv.shell("sed -n '1,80p' CONTRIBUTING.md")

    conv.think("**Writing the failing test**\n\nTwo cases: an agent run with a follow-up user message, where the "
               "expected starts are the first model item after the head, the assistant message after a result, "
               "the follow-up user message and the final answer; and the exact example from the Javadoc, which "
               "must be a single turn. Both should fail today.")
    conv.patch(TEST_V1)
    conv.shell("mvn -B -o -q test -Dtest=TurnsTest", expect=1)

    conv.think("**Red, as expected**\n\nBoth tests fail the way the reading predicted: `[2, 5, 6, 7, 10]` instead "
               "of `[2, 5, 6, 10]`, the reasoning item at 7 opening a turn of its own, and `[1, 2]` instead of `[1]` for the documented example. Looking at the history "
               "of the file to see whether the `|| user` was deliberate.")
    conv.shell("git log -p --follow -- " + TURNS)

    conv.user("Quick addition from the summarizer side: please keep safeCuts behaving exactly as it does now, "
              "the summarizer depends on it. And a plain [user, assistant] exchange must stay one turn.")

    conv.think("**Scoping the change**\n\nThe commit introduced `turnStarts` with the flag as it is now; its "
               "message and Javadoc both describe the turn as the user message plus the model's reply, so the "
               "code is what is wrong. `safeCuts` does not use `turnStarts` at all, so a change inside "
               "`turnStarts` cannot move a safe cut. Re-reading the two methods side by side to be sure.")
    conv.shell("sed -n '50,75p' " + TURNS, "sed -n '76,112p' " + TURNS)

    conv.think("**The fix**\n\nAfter a user message the turn has already started, so only a tool result should set "
               "the flag: `afterResult = result`. The first item after the head still starts a turn because the "
               "flag starts out true, and a user message still starts one through the `user` test. "
               "`[user, assistant]` stays one turn: the assistant message no longer sees the flag set.")
    conv.patch(FIX)
    conv.shell("git diff")

    conv.think("**Pinning the requests**\n\nAdding the two cases the user asked for: `[user, assistant]` after the "
               "head is one turn, and `safeCuts` of the agent-run shape is exactly the set it gives today, which I "
               "worked out by hand from the difference array: 0, 1, 2, 5, 6, 7, 10 and 11 (3 and 8 follow a "
               "reasoning item, 4 and 9 fall inside a call/result pair).")
    conv.patch(TEST_V2)
    conv.shell("mvn -B -o -q test -Dtest=TurnsTest")

    conv.think("**Whole suite**\n\nThe four `TurnsTest` cases pass. Running the whole suite to make sure nothing "
               "else depended on the old boundaries.", encrypted=False)
    conv.shell("mvn -B -o -q test")
    conv.shell("git status --short", "git diff --stat")

    conv.say("Fixed.\n\n**Cause.** `Turns.turnStarts` set its \"next model item starts a turn\" flag after user "
             "messages as well as after tool results (`afterResult = result || user`), so the model's reply to a "
             "user message opened a second turn. The class Javadoc says the user message and the reply are one "
             "turn; `keepRecentTurns(n)` was therefore counting a lone user message as a turn.\n\n**Change.** One "
             "line in `Turns.java`: `afterResult = result;`, with a comment saying why. `headEnd`, `safeCuts` and "
             "`unpaired` are untouched (`safeCuts` never used `turnStarts`).\n\n**Verification.** New "
             "`TurnsTest`: the agent-run shape (`[2, 5, 6, 10]`), the Javadoc example (one turn), "
             "`[user, assistant]` (one turn), and `safeCuts` pinned to its current answer. It failed before the "
             "fix and passes now; the whole suite passes offline.\n\nNothing committed: `Turns.java` is modified and "
             "`TurnsTest.java` is new and untracked.")

    # ---- second task: secrets in exceptions
    conv.user("Thanks, looks right. Different thing: I'm worried about API keys reaching our logs through "
              "exceptions. Read CompactionException and internal/Secrets and tell me whether any path can leak a "
              "key. No code changes yet, just findings.")

    conv.think("**Where exception text comes from**\n\n`CompactionException` builds its message from a summary, "
               "the backend's message, error codes, a hint and ids; `Secrets` does the scrubbing. Reading both in "
               "full.")
    conv.shell("cat -n src/main/java/io/github/compact4j/CompactionException.java",
               "cat -n src/main/java/io/github/compact4j/internal/Secrets.java")

    conv.think("**Following the scrubbing**\n\nThe constructor scrubs `summary`, `hint` and `backendMessage`, and "
               "`getMessage()` scrubs the assembled text again. But the constructor first calls "
               "`super(details.summary, details.cause)` with the raw summary, and the cause is passed through "
               "as is. Checking who else calls `Secrets`.")
    conv.shell("grep -rn \"Secrets\\.\\|scrub(\" --include='*.java' src")

    conv.think("**The other exception and the trace scope**\n\n`InvalidConversationException` is the only "
               "subclass so far; `Tracing` and `TraceContext` decide which trace id an exception picks up. "
               "Reading them for anything that formats user-supplied text.", encrypted=False)
    conv.shell("cat -n src/main/java/io/github/compact4j/InvalidConversationException.java",
               "cat -n src/main/java/io/github/compact4j/internal/Tracing.java",
               "cat -n src/main/java/io/github/compact4j/logging/TraceContext.java")

    conv.think("**toString paths**\n\nLogging frameworks print exceptions with `toString()` and the stack trace, "
               "and requests and results end up in log lines through their own `toString()`. Listing every "
               "`toString` in the main sources.")
    conv.shell("grep -rn \"toString()\" --include='*.java' src/main")
    conv.shell("cat -n src/main/java/io/github/compact4j/CompactionRequest.java")

    conv.think("**What Throwable does with the raw summary**\n\n`Throwable.toString()` goes through "
               "`getLocalizedMessage()`, which calls `getMessage()`, and that is overridden and scrubbed. The raw "
               "summary still sits in Throwable's private `detailMessage`, which Java serialization writes out. "
               "Confirming both from the bytecode rather than from memory.")
    conv.shell("javap -p java.lang.Throwable | sed -n '1,40p'",
               "javap -c java.lang.Throwable | grep -A 24 'public java.lang.String toString()'")

    conv.think("**Direct console output**\n\nA library must not print on its own: checking for "
               "`printStackTrace`, `System.out` and `System.err` in the main sources.", encrypted=False)
    conv.shell("grep -rn \"printStackTrace\\|System\\.out\\|System\\.err\" --include='*.java' src/main", expect=1)

    conv.say("Findings, no changes made:\n\n1. **Messages are safe.** `getMessage()` assembles summary, backend "
             "message, codes, hint and ids and runs `Secrets.scrub` over the whole text, and `Throwable.toString()` "
             "reaches it through `getLocalizedMessage()`, so log lines that print the exception show scrubbed "
             "text.\n2. **The raw summary is kept anyway.** The constructor calls `super(details.summary, "
             "details.cause)` before scrubbing, so Throwable's `detailMessage` holds the unscrubbed summary. "
             "Logs never read it, but Java serialization writes it out (CompactionException is Serializable). "
             "Passing `Secrets.scrub(details.summary)` to `super` closes that.\n3. **The cause is not scrubbed.** "
             "Stack traces print `Caused by: <cause.toString()>`; an OkHttp or IO exception whose message "
             "contains a URL with a key in the query string (Gemini's `?key=AIza...`) would reach the log "
             "unscrubbed. Options: wrap the cause in a scrubbed copy that keeps its stack trace, or never attach "
             "transport exceptions whose message includes the URL.\n4. **No direct console output** in the main "
             "sources, and `CompactionRequest.toString()` prints counts and attributes, not content or keys.\n\n"
             "I'd fix 2 now (one line) and decide 3 together with the HTTP transport.")

    conv.user("Agreed on 2, please fix it, with a test. Leave 3 for the transport work.")
    conv.think("**A test that can fail**\n\nThe leak is in the serialized form, so the test serializes an exception "
               "whose summary holds a key-shaped string and looks for it in the bytes. A key shaped like `sk-...` "
               "is masked without registering it, and a plain `getMessage()` check keeps the scrubbing of the "
               "message pinned too.")
    conv.patch(EXC_TEST)
    conv.shell("mvn -B -o -q test -Dtest=CompactionExceptionTest", expect=1)
    conv.think("**Red for the right reason**\n\nThe message test passes and the serialization test fails: the key "
               "is in the bytes, through `detailMessage`. Scrubbing the summary before handing it to `super`.",
               encrypted=False)
    conv.patch(EXC_FIX)
    conv.shell("mvn -B -o -q test -Dtest=CompactionExceptionTest")
    conv.shell("mvn -B -o test")
    conv.shell("git diff src/main/java/io/github/compact4j/CompactionException.java")
    conv.say("Done: the constructor now hands `Secrets.scrub(details.summary)` to `super`, so the message Throwable "
             "keeps (and serialization writes) is the scrubbed one. `CompactionExceptionTest` serializes an "
             "exception carrying a key-shaped string and checks the bytes; it failed before the change and passes "
             "now, and the whole suite passes. Finding 3, the unscrubbed cause, is still open for the transport "
             "work.")

    # ---- third task: a sweep of the main sources
    conv.user("While we're at it: the turnStarts bug was state carried from one loop iteration to the next. "
              "Can you sweep the whole main source tree for the same kind of thing? Findings only, no changes.")
    conv.think("**Reading everything once**\n\nThe main tree is 27 files. Reading them in one pass, each under a "
               "header, is cheaper than 27 calls, and I want every loop with carried state in front of me at once.")
    conv.shell("for f in $(git ls-files 'src/main/*.java'); do echo \"==> $f <==\"; cat -n \"$f\"; done")
    conv.think("**Narrowing down**\n\nListing the loops and the flags initialised before them, so none is missed "
               "in a long read.", encrypted=False)
    conv.shell("grep -rn \"for (\\|while (\" --include='*.java' src/main",
               "grep -rn \"boolean [a-zA-Z]* = \\(true\\|false\\);\" --include='*.java' src/main")
    conv.think("**Checking each loop**\n\n`Turns` has the only loop with a flag carried between iterations, now "
               "fixed. `safeCuts` carries `spanning`, a running sum over a difference array, which is correct by "
               "construction; its `openCalls.put` replaces an earlier call with the same id, so a duplicate id "
               "pairs the result with the later call, which `unpaired` reports. The token counter and the memo hold "
               "no state between items beyond the one memo slot per item.")
    conv.say("Sweep done, no changes made.\n\n1. **`Turns.turnStarts`**: the carried flag was the bug we fixed; no "
             "other loop carries a flag from one item to the next.\n2. **`Turns.safeCuts`** carries a running "
             "count over a difference array: correct. With two calls sharing a call id, `openCalls.put` keeps the "
             "later one, so the result pairs with it and the earlier call is unprotected; `unpaired` reports that "
             "earlier call, so the two methods agree. Worth one sentence in the Javadoc.\n3. **Turn starts for "
             "instructions**: the `user` test is \"a message that is not the assistant's\", so a system or "
             "developer message in the middle of a conversation starts a turn. Sensible, but the Javadoc only "
             "mentions user messages.\n4. **`ItemMemo`** keeps one figure per item: counting the same items with "
             "two encodings in turn recounts every time. Documented, and fine for one model per conversation.\n5. "
             "**`Secrets`** never forgets a registered key: one entry per client built, so it only grows if an app "
             "builds clients with ever-new keys.")

    # ---- third task: the full build
    conv.user("Good catch on the cause. Last thing for today: run the full build the way CI does (mvn -o verify, "
              "which includes Javadoc with doclint) and tell me whether anything complains.")
    conv.think("**Full build**\n\n`verify` runs the enforcer, compiles, runs every test and builds the sources "
               "and Javadoc jars with doclint and `failOnWarnings`. Running it offline, not quiet, so the plugin "
               "steps are visible.")
    conv.shell("mvn -B -o verify")
    conv.think("**Checking the artifacts**\n\nBUILD SUCCESS. Checking which jars were built and that the main jar "
               "carries the Automatic-Module-Name the POM asks for.", encrypted=False)
    conv.shell("find target -maxdepth 1 -name '*.jar' | sort",
               "unzip -l target/compact4j-0.1.0-SNAPSHOT.jar",
               "unzip -p target/compact4j-0.1.0-SNAPSHOT.jar META-INF/MANIFEST.MF")
    conv.say("The full build passes offline: enforcer rules, compilation, all tests (the new `TurnsTest` and "
             "`CompactionExceptionTest` included), and the sources and Javadoc jars with doclint and "
             "failOnWarnings, so Javadoc has nothing to say. The main jar's manifest has "
             "`Automatic-Module-Name: io.github.compact4j`, and the entries carry the fixed build timestamp, so the "
             "jar is reproducible.\n\njavac does print three warnings: two `auto-closeable resource ignored is "
             "never referenced` (the `try (... ignored = ...)` scopes in `Async` and `Tracing`, which are "
             "deliberate) and one deprecation, `JsonNodeFactory.withExactBigDecimals(boolean)` in `internal/Json`.")

    conv.user("Can you get rid of the deprecation warning? The two try-with-resources ones are fine as they are.")
    conv.think("**What the deprecated call does**\n\n`Json` builds the shared mapper with "
               "`nodeFactory(JsonNodeFactory.withExactBigDecimals(true))` and also disables "
               "`JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES`. Reading the file, then the Jackson 2.18.2 jar "
               "itself, since the replacement has to behave the same for nodes built directly through `NODES`.")
    conv.shell("cat -n src/main/java/io/github/compact4j/internal/Json.java")
    conv.shell("J=~/.m2/repository/com/fasterxml/jackson/core/jackson-databind/2.18.2/jackson-databind-2.18.2.jar; "
               "unzip -l \"$J\" | grep 'databind/node/\\|cfg/JsonNodeFeature'",
               "J=~/.m2/repository/com/fasterxml/jackson/core/jackson-databind/2.18.2/jackson-databind-2.18.2.jar; "
               "javap -cp \"$J\" com.fasterxml.jackson.databind.cfg.JsonNodeFeature")
    conv.think("**Constructor or feature**\n\nThe feature is a mapper setting that applies while reading JSON; "
               "`NODES.numberNode(BigDecimal)` never reads JSON, so it follows the factory's own flag. Checking in "
               "the bytecode what `withExactBigDecimals` does and whether the constructor taking the same flag is "
               "deprecated as well.")
    conv.shell("J=~/.m2/repository/com/fasterxml/jackson/core/jackson-databind/2.18.2/jackson-databind-2.18.2.jar; "
               "javap -cp \"$J\" com.fasterxml.jackson.databind.node.JsonNodeFactory",
               "J=~/.m2/repository/com/fasterxml/jackson/core/jackson-databind/2.18.2/jackson-databind-2.18.2.jar; "
               "javap -v -cp \"$J\" com.fasterxml.jackson.databind.node.JsonNodeFactory | "
               "sed -n '/JsonNodeFactory(boolean);/,/java.lang.Deprecated/p'")
    conv.think("**Same behaviour, no deprecation**\n\n`withExactBigDecimals(b)` is `new JsonNodeFactory(b)` and "
               "nothing else, and only the static method carries the `Deprecated` attribute. Switching to the "
               "constructor keeps nodes built through `NODES` exact; the round-trip smoke test covers `1.10` and "
               "`2.000`.", encrypted=False)
    conv.patch(JSON_FIX)
    conv.shell("mvn -B -o verify")
    conv.shell("git status --short", "git diff --stat")
    conv.say("The deprecation warning is gone: `internal/Json` now uses `new JsonNodeFactory(true)`, which is what "
             "the deprecated `withExactBigDecimals(true)` returned, so nodes built through `NODES` keep trailing "
             "zeros exactly as before (the round-trip smoke test with `1.10` and `2.000` passes). The full offline "
             "build passes with the two deliberate try-with-resources warnings left.\n\nUncommitted for your "
             "review: `Turns.java` (turn boundaries), `CompactionException.java` (scrubbed `detailMessage`), "
             "`Json.java` (deprecation), and the new `TurnsTest` and `CompactionExceptionTest`. Open: unscrubbed "
             "exception causes (finding 3), for the transport work.")


EXC_TEST = """*** Begin Patch
*** Add File: src/test/java/io/github/compact4j/CompactionExceptionTest.java
+package io.github.compact4j;
+
+import static org.junit.jupiter.api.Assertions.assertFalse;
+import static org.junit.jupiter.api.Assertions.assertTrue;
+
+import java.io.ByteArrayOutputStream;
+import java.io.ObjectOutputStream;
+import java.nio.charset.StandardCharsets;
+import org.junit.jupiter.api.Test;
+
+class CompactionExceptionTest {
+
+    /** Shaped like a key, so Secrets masks it without registration. Not a real key. */
+    private static final String KEY = "sk-test-" + "notARealKey0123456789";
+
+    @Test
+    void theMessageIsScrubbed() {
+        CompactionException e = new CompactionException("request with " + KEY + " failed");
+        assertFalse(e.getMessage().contains(KEY), e.getMessage());
+        assertTrue(e.getMessage().contains("REDACTED"), e.getMessage());
+    }
+
+    @Test
+    void theSerializedFormCarriesNoKey() throws Exception {
+        CompactionException e = new CompactionException("request with " + KEY + " failed");
+        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
+        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
+            out.writeObject(e);
+        }
+        assertFalse(bytes.toString(StandardCharsets.ISO_8859_1).contains(KEY),
+                "the key reached the serialized exception");
+    }
+}
*** End Patch"""

EXC_FIX = """*** Begin Patch
*** Update File: src/main/java/io/github/compact4j/CompactionException.java
@@
     protected CompactionException(Details details) {
-        super(details.summary, details.cause);
+        // Throwable keeps its own copy of the message and serialization writes it out: scrub that too
+        super(Secrets.scrub(details.summary), details.cause);
         this.summary = Secrets.scrub(details.summary);
*** End Patch"""

JSON_FIX = """*** Begin Patch
*** Update File: src/main/java/io/github/compact4j/internal/Json.java
@@
             .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
-            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
+            // the feature above governs reading; nodes built through NODES follow the factory's own flag
+            .nodeFactory(new JsonNodeFactory(true))
             .build();
*** End Patch"""

TEST_V1 = """*** Begin Patch
*** Add File: src/test/java/io/github/compact4j/conversation/TurnsTest.java
+package io.github.compact4j.conversation;
+
+import static org.junit.jupiter.api.Assertions.assertEquals;
+
+import java.util.List;
+import org.junit.jupiter.api.Test;
+
+class TurnsTest {
+
+    private static Item reasoning(String id) {
+        return ResponsesItems.itemFromJson("{\\"type\\":\\"reasoning\\",\\"id\\":\\"" + id + "\\",\\"summary\\":[]}");
+    }
+
+    /** developer + task, a tool step, an answer, a follow-up question, a tool step, an answer. */
+    static List<Item> agentRun() {
+        return List.of(
+                Message.developer("You are a coding agent."),
+                Message.user("Fix the failing test."),
+                reasoning("rs_1"),
+                ToolCall.function("call_1", "shell", "{\\"command\\":[\\"ls\\"]}"),
+                ToolResult.functionOutput("call_1", "pom.xml\\nsrc"),
+                Message.assistant("Found it."),
+                Message.user("Now add a regression test."),
+                reasoning("rs_2"),
+                ToolCall.function("call_2", "shell", "{\\"command\\":[\\"mvn\\",\\"test\\"]}"),
+                ToolResult.functionOutput("call_2", "BUILD SUCCESS"),
+                Message.assistant("Done."));
+    }
+
+    @Test
+    void theModelsReplyBelongsToTheUserMessagesTurn() {
+        assertEquals(List.of(2, 5, 6, 10), Turns.turnStarts(agentRun()));
+    }
+
+    @Test
+    void theDocumentedExampleIsOneTurn() {
+        List<Item> items = List.of(
+                Message.user("task"),
+                Message.user("next step"),
+                reasoning("rs_1"),
+                ToolCall.function("a", "shell", "{}"),
+                ToolCall.function("b", "shell", "{}"),
+                ToolResult.functionOutput("a", "1"),
+                ToolResult.functionOutput("b", "2"));
+        assertEquals(List.of(1), Turns.turnStarts(items));
+    }
+}
*** End Patch"""

FIX = """*** Begin Patch
*** Update File: src/main/java/io/github/compact4j/conversation/Turns.java
@@
                 }
             }
-            afterResult = result || user;
+            // a user message has already started this turn: the model's reply to it belongs to it
+            afterResult = result;
         }
         return starts;
*** End Patch"""

TEST_V2 = """*** Begin Patch
*** Update File: src/test/java/io/github/compact4j/conversation/TurnsTest.java
@@
 import static org.junit.jupiter.api.Assertions.assertEquals;
 
+import java.util.BitSet;
 import java.util.List;
@@
         assertEquals(List.of(1), Turns.turnStarts(items));
     }
+
+    @Test
+    void aPlainExchangeIsOneTurn() {
+        List<Item> items = List.of(Message.user("task"), Message.user("hi"), Message.assistant("hello"));
+        assertEquals(List.of(1), Turns.turnStarts(items));
+    }
+
+    @Test
+    void safeCutsAreUnchanged() {
+        BitSet expected = new BitSet();
+        for (int i : new int[] {0, 1, 2, 5, 6, 7, 10, 11}) {
+            expected.set(i);
+        }
+        assertEquals(expected, Turns.safeCuts(agentRun()));
+    }
 }
*** End Patch"""


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    default_out = os.path.join(here, "..", "src", "main", "resources", "conversations", "coding-agent.json")
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repo", default=os.path.join(here, "..", ".."),
                        help="the compact4j repository to clone (default: the one holding this script)")
    parser.add_argument("--rev", default=DEFAULT_REV, help="the commit the agent works on")
    parser.add_argument("--out", default=default_out, help="where to write the conversation")
    args = parser.parse_args()

    ws = Workspace(os.path.abspath(args.repo), args.rev)
    try:
        conv = Conversation(ws, random.Random(SEED))
        narrate(conv, ws)
    finally:
        ws.close()
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as f:
        f.write("[\n")
        f.write(",\n".join(json.dumps(item, ensure_ascii=False, separators=(",", ":")) for item in conv.items))
        f.write("\n]\n")
    size = os.path.getsize(args.out)
    outputs = sum(len(i["output"]) for i in conv.items if i["type"] == "function_call_output")
    print("%s: %d items, %d bytes (%d characters of tool output)" % (os.path.relpath(args.out), len(conv.items),
                                                                      size, outputs))


if __name__ == "__main__":
    main()
