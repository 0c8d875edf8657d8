# shellcheck shell=bash
# Prompts and screen geometry that make "where does the command start" hard.
DESCRIPTION="Prompt and terminal geometry: PS1 changed to a two-line prompt (user@rec-box:path, newline, '# '); cd into a deep directory with a single-line PS1 showing the full path, so the prompt alone nearly fills the 80-column line and typed commands wrap; a ~150-character echo that wraps past the terminal width; UTF-8 typed and printed (umlauts, CJK double-width characters, a check mark); the window resized from 80x24 to 100x30 at the prompt (a SIGWINCH, an asciicast 'r' event), then commands typed and an older wrapped command recalled with Up at the new width"
WIDTH=80
HEIGHT=24
HARD_CASES=(ps1-changed two-line-prompt long-prompt-deep-cwd line-wrap-past-width utf8-typed utf8-wide-cjk window-resize-sigwinch recall-wrapped-line-after-resize)
LONG_DIR=/tmp/rec-prompts/a-rather-long-directory-name/with/several/levels/of/nesting

setup() {
  rm -rf /tmp/rec-prompts
  mkdir -p "$LONG_DIR"
  printf 'x\n' >"$LONG_DIR/file.txt"
}

keys() {
  # two-line prompt
  cmd "PS1='\\[\\e[1;32m\\]\\u@rec-box:\\w\\[\\e[0m\\]\\n\\\$ '"
  cmd "echo two-line prompt"
  # a long single-line prompt: full path of a deep directory
  cmd "PS1='[\\u@rec-box \\w]\\\$ '"
  cmd "cd $LONG_DIR"
  # a command longer than the terminal is wide
  cmd "echo \"The quick brown fox jumps over the lazy dog; the quick brown fox jumps over the lazy dog; the quick brown fox jumps over the lazy dog again.\""
  cmd "cd"
  # UTF-8 typed and printed
  cmd "echo \"Grüße 你好 ✔\""
  # resize the terminal at the prompt, then keep going
  pause 0.5
  resize 100 30
  pause 0.8
  cmd "echo \"\$COLUMNS x \$LINES\""
  cmd "stty size"
  # Up x5: stty size, echo $COLUMNS.., echo Grüße.., cd, the long echo (redrawn at 100 columns)
  for _ in 1 2 3 4; do
    key Up
    pause 0.3
  done
  key Up
  pause 0.8
  enter
  cmd "exit"
}
