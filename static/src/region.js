// A region of the live text that stays put while people type: the part of the merge draft a
// collision's resolution is composed in. Its ends map through every change, local or remote,
// taking in words typed right at either edge (as the server's map_region does), and it is shown
// highlighted. Offsets from the server count code points; CodeMirror counts UTF-16 units.
import { StateField, StateEffect } from '@codemirror/state'
import { EditorView, Decoration } from '@codemirror/view'

export const setRegion = StateEffect.define()

/** The UTF-16 offset of code point number `cp` in `text`. */
export function utf16Offset (text, cp) {
  let i = 0
  for (let n = 0; n < cp && i < text.length; n++) i += text.codePointAt(i) > 0xffff ? 2 : 1
  return i
}

/** How many code points `text` has before UTF-16 offset `at`. */
export function codePointOffset (text, at) {
  let n = 0
  for (let i = 0; i < at; n++) i += text.codePointAt(i) > 0xffff ? 2 : 1
  return n
}

/** The field holding the region {from, to} (UTF-16), highlighted as .region-mark. */
export function trackedRegion (from, to, label) {
  const mark = Decoration.mark({ class: 'region-mark', attributes: { 'data-region': '', title: label || '' } })
  return StateField.define({
    create: () => ({ from, to }),
    update (value, tr) {
      for (const e of tr.effects) if (e.is(setRegion)) return e.value
      if (!tr.docChanged) return value
      return { from: tr.changes.mapPos(value.from, -1), to: tr.changes.mapPos(value.to, 1) }
    },
    provide: (f) => EditorView.decorations.from(f, (r) => r.from < r.to ? Decoration.set([mark.range(r.from, r.to)]) : Decoration.none)
  })
}
