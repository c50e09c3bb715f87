/**
 * 评标专业 picker, category A 工程: a primary set (首选, required) and an alternate set
 * (备选, optional), browsed level 1 → level 2 → level 3.
 *
 * - Grey (closed) nodes cannot be picked: a tap says 该专业本批次不可选择.
 * - Every pick asks the server (POST specialties/check with the candidate selection);
 *   when the answer has problems the pick is refused and the server's first message
 *   is shown. The rules (limits, parentage, closed nodes, repeats) live in ONE place,
 *   on the server; this page does not re-implement them.
 * - Removing a node also removes what was picked under it.
 * - 保存 PATCHes the specialties section {primary, alternate}.
 */
const api = require('../../../utils/api')
const reference = require('../../../utils/reference')
const sectionBehavior = require('../../../behaviors/application-section')

const SIDES = { primary: '首选评标专业', alternate: '备选评标专业' }
const LEVEL_TITLES = { 1: '一级类别', 2: '二级类别', 3: '三级类别' }
const CLOSED_MESSAGE = '该专业本批次不可选择'

function levelOfCode(code) {
  return Math.max(1, Math.min(3, Math.floor((String(code).length - 1) / 2)))
}

Component({
  behaviors: [sectionBehavior],

  data: {
    section: 'specialties',
    sideTitles: SIDES,
    side: 'primary',
    path: [],
    crumbs: [],
    rows: [],
    summary: { primary: [], alternate: [] },
    sideErrors: { primary: '', alternate: '' },
    message: '',
    checking: false,
    catalogReady: false,
  },

  methods: {
    onLoad(options) {
      return Promise.all([this.loadCatalog(), this.sectionLoad(options)])
    },

    onShow() {
      return this.sectionShow()
    },

    async loadCatalog() {
      try {
        this._catalog = await reference.getCatalog()
        this.setData({ catalogReady: true })
        this.render()
      } catch (err) {
        this.setData({ loadError: err.message })
      }
    },

    onApplication() {
      this.render()
    },

    selection() {
      const form = this.data.form || {}
      return { primary: (form.primary || []).slice(), alternate: (form.alternate || []).slice() }
    },

    /** Rows of the level being browsed, the breadcrumb, the summaries, the messages. */
    render() {
      const catalog = this._catalog
      const { side, path } = this.data
      const selection = this.selection()
      const other = side === 'primary' ? 'alternate' : 'primary'
      const errors = this.data.errors || {}
      const sideErrors = { primary: '', alternate: '' }
      Object.keys(errors).forEach((key) => {
        const s = key.split('.')[0]
        if (sideErrors[s] === '' && errors[key]) sideErrors[s] = errors[key]
      })
      const updates = { sideErrors }
      if (catalog) {
        const parent = path.length ? catalog.byCode[path[path.length - 1]] : null
        const codes = parent ? parent.children : catalog.roots
        updates.rows = codes.map((code) => {
          const n = catalog.byCode[code]
          return {
            code: n.code,
            name: n.name,
            level: n.level,
            blocked: n.blocked,
            hasChildren: n.hasChildren,
            pickedHere: selection[side].indexOf(code) >= 0,
            pickedOther: selection[other].indexOf(code) >= 0 ? other : '',
          }
        })
        updates.crumbs = path.map((code, i) => ({ code, depth: i + 1, label: reference.labelOf(catalog, code) }))
      }
      updates.summary = {
        primary: this.summarize(selection.primary),
        alternate: this.summarize(selection.alternate),
      }
      this.setData(updates)
    },

    /** One set grouped by level: [{level, title, items: [{code, label}]}]. */
    summarize(codes) {
      const catalog = this._catalog
      return [1, 2, 3].map((level) => ({
        level,
        title: LEVEL_TITLES[level],
        items: codes
          .filter((code) => {
            const n = catalog && catalog.byCode[code]
            return (n ? n.level : levelOfCode(code)) === level
          })
          .map((code) => ({ code, label: reference.labelOf(catalog, code) })),
      }))
    },

    onSwitchSide(e) {
      const { side } = e.currentTarget.dataset
      if (!SIDES[side]) return
      this.setData({ side, message: '' })
      this.render()
    },

    onOpenNode(e) {
      const { code } = e.currentTarget.dataset
      if (!this.usableNode(code)) return
      this.setData({ path: this.data.path.concat(code), message: '' })
      this.render()
    },

    /** Breadcrumb: depth 0 is the top (A 工程). */
    onCrumb(e) {
      const depth = Number(e.currentTarget.dataset.depth)
      this.setData({ path: this.data.path.slice(0, depth), message: '' })
      this.render()
    },

    /** The catalog node of a tap, or null: unknown, or closed (refused with a message). */
    usableNode(code) {
      const node = this._catalog && this._catalog.byCode[code]
      if (!node) return null
      if (node.blocked) {
        this.refuse(CLOSED_MESSAGE)
        return null
      }
      return node
    },

    refuse(message) {
      this.setData({ message })
      wx.showToast({ title: message, icon: 'none', duration: 2500 })
    },

    /** Tap on a node: pick it (after the server's check), or un-pick it. */
    async onTapNode(e) {
      if (!this.data.editable || this.data.checking) return
      const { code } = e.currentTarget.dataset
      if (!this.usableNode(code)) return
      const { side } = this.data
      const selection = this.selection()
      if (selection[side].indexOf(code) >= 0) {
        this.removeCode(side, code)
        return
      }
      const candidate = { ...selection, [side]: selection[side].concat(code) }
      this.setData({ checking: true, message: '' })
      try {
        const answer = await api.checkSpecialties(candidate)
        const problems = (answer && answer.problems) || []
        if (problems.length) {
          this.refuse(problems[0].message)
          return
        }
        this.setData({ [`form.${side}`]: candidate[side], errors: this.errorsWithout(side), dirty: true })
        this.render()
      } catch (err) {
        this.refuse(err.message)
      } finally {
        this.setData({ checking: false })
      }
    },

    /** The field messages of the other set only (this set has changed). */
    errorsWithout(side) {
      const errors = {}
      const current = this.data.errors || {}
      Object.keys(current).forEach((key) => {
        if (key.split('.')[0] !== side) errors[key] = current[key]
      })
      return errors
    },

    onRemove(e) {
      if (!this.data.editable) return
      const { side, code } = e.currentTarget.dataset
      this.removeCode(side, code)
    },

    /** Remove a code and everything picked under it (codes extend their parent's code). */
    removeCode(side, code) {
      const kept = this.selection()[side].filter((c) => c !== code && c.indexOf(code) !== 0)
      this.setData({
        [`form.${side}`]: kept, errors: this.errorsWithout(side), message: '', dirty: true,
      })
      this.render()
    },
  },
})
