# shellcheck shell=bash
# Long lines that wrap, edited in the middle, and wide characters (CJK, emoji) edited.
DESCRIPTION="Editing long wrapped lines and wide characters in bash (readline emacs mode), 80 columns: a 120-character command that wraps onto a second row, then Alt-b moves back over words across the row boundary and a word is inserted, Alt-f forward and more text; Ctrl-T transposes two characters; Ctrl-K kills to the end of a wrapped line and Ctrl-Y yanks it back elsewhere; Ctrl-A then Alt-d deletes the first word; CJK (double-width) and emoji typed, deleted with Backspace and moved over with Left, text inserted between them; a long line of CJK characters that wraps (a double-width character cannot straddle the last column)"
WIDTH=80
HEIGHT=24
HARD_CASES=(long-line-wrap alt-b-across-rows alt-f ctrl-t-transpose ctrl-k-wrapped ctrl-y-yank alt-d cjk-double-width emoji backspace-over-wide left-over-wide wrap-with-wide-chars)

keys() {
  # 1. a long line (wraps), Alt-b x3 back across the row boundary, insert a word, Alt-f, append
  typ "echo the first part of a rather long command line that keeps going and going past the edge of the terminal window here"
  key M-b M-b M-b
  typ "NEW "
  key M-f
  typ " MORE"
  enter
  # 2. Ctrl-T transposes the two characters before the cursor (typo "ehco")
  typ "ehc"
  key Left
  key C-t
  key End
  typ "o transposed"
  enter
  # 3. Ctrl-K kills the end of a long wrapped line; Ctrl-A, type, Ctrl-Y yanks it back at the start
  typ "printf '%s\\n' alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho"
  keyn 8 M-b
  key C-k
  key C-a
  key M-f
  key M-f
  typ " "
  key C-y
  enter
  # 4. Ctrl-A, Alt-d deletes the first word
  typ "wrong echo alt-d worked"
  key C-a
  key M-d
  key C-d
  enter
  # 5. CJK and emoji: Backspace over a wide character, Left over two, insert between
  typ "echo 你好世界 🙂👍 end"
  keyn 4 BSpace
  typ "🎉 done"
  keyn 7 Left
  typ "X"
  key End
  typ " 日本"
  enter
  # 6. a long CJK line that wraps: a double-width character never straddles the edge
  typ "echo 一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十"
  key M-b
  typ "开始"
  enter
  cmd "exit"
}
