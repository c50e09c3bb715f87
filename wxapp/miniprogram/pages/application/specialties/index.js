/**
 * 评标专业 picker, category A 工程: a primary set (首选, required) and an alternate set
 * (备选, optional), browsed level 1 → level 2 → level 3.
 *
 * The rules live on the server only:
 * - the notice's limits come from GET /api/v1/reference/rules (max_level1 / max_level2 /
 *   max_level3_picks), never from a copy here;
 * - every node shown is asked about (POST specialties/check with the selection plus that node):
 *   a node the server would refuse is grey, says why under its name, and a tap repeats the reason
 *   instead of picking it. Closed nodes (灰色专业) are refused by the server like any other.
 * - Removing a node also removes what was picked under it.
 * - 保存 saves the specialties section {primary, alternate} (PUT).
 * Rows announce their state to screen readers (role checkbox, aria-checked, aria-disabled).
 */
const api = require('../../../utils/api')
const reference = require('../../../utils/reference')
const sectionBehavior = require('../../../behaviors/application-section')

const SIDES = { primary: '首选评标专业', alternate: '备选评标专业' }
const LEVEL_TITLES = { 1: '一级类别', 2: '二级类别', 3: '三级类别' }
const CHECKING = '正在检查能否选择…'

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
    limits: null,
  },

  methods: {
    onLoad(options) {
      this._choices = {}
      return Promise.all([this.loadCatalog(), this.loadRules(), this.sectionLoad(options)])
    },

    async loadRules() {
      try {
        const rules = await reference.getFormRules()
        this.setData({ limits: rules.specialties })
      } catch (err) {
        this.setData({ loadError: err.message })
      }
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
        const choices = this._choices[this.selectionKey(side, selection)] || {}
        updates.rows = codes.map((code) => {
          const n = catalog.byCode[code]
          const pickedHere = selection[side].indexOf(code) >= 0
          const reason = pickedHere ? '' : choices[code]
          return {
            code: n.code,
            name: n.name,
            level: n.level,
            closed: n.blocked,
            blocked: !!reason,
            reason: reason || '',
            checking: !pickedHere && (reason === undefined || reason === null),
            hasChildren: n.hasChildren,
            pickedHere,
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
      if (catalog && this.data.editable) this.askAboutRows()
    },

    selectionKey(side, selection) {
      return JSON.stringify([side, selection.primary, selection.alternate])
    },

    /**
     * Ask the server about every row shown that it has not been asked about for this selection:
     * {code: reason} ('' when it may be picked) is kept per selection and side.
     */
    async askAboutRows() {
      const { side } = this.data
      const selection = this.selection()
      const key = this.selectionKey(side, selection)
      const known = this._choices[key] || {}
      this._choices[key] = known
      const codes = this.data.rows.filter((r) => r.checking).map((r) => r.code).filter((c) => !(c in known))
      if (!codes.length) return
      codes.forEach((c) => { known[c] = null }) // asked, not answered yet
      let baseline
      try {
        baseline = await this.problemsOf(selection)
      } catch (err) {
        codes.forEach((c) => { delete known[c] })
        return
      }
      await Promise.all(codes.map(async (code) => {
        try {
          const problems = await this.problemsOf({ ...selection, [side]: selection[side].concat(code) })
          const fresh = problems.find((p) => p.code === code && !baseline.some((b) => b.message === p.message && b.code === p.code))
          known[code] = fresh ? fresh.message : ''
        } catch (err) {
          delete known[code]
        }
      }))
      if (this.selectionKey(this.data.side, this.selection()) === key) this.render()
    },

    async problemsOf(selection) {
      const answer = await api.checkSpecialties(selection)
      return (answer && answer.problems) || []
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
      const node = this._catalog && this._catalog.byCode[code]
      if (!node || !node.hasChildren) return
      this.setData({ path: this.data.path.concat(code), message: '' })
      this.render()
    },

    /** Breadcrumb: depth 0 is the top (A 工程). */
    onCrumb(e) {
      const depth = Number(e.currentTarget.dataset.depth)
      this.setData({ path: this.data.path.slice(0, depth), message: '' })
      this.render()
    },

    refuse(message) {
      this.setData({ message })
      wx.showToast({ title: message, icon: 'none', duration: 3000 })
    },

    /** Tap on a node: un-pick it, say why it cannot be picked, or pick it (the server agreed). */
    async onTapNode(e) {
      if (!this.data.editable || this.data.checking) return
      const { code } = e.currentTarget.dataset
      const row = this.data.rows.find((r) => r.code === code)
      if (!row) return
      const { side } = this.data
      if (row.pickedHere) {
        this.removeCode(side, code)
        return
      }
      if (row.blocked) {
        this.refuse(row.reason)
        return
      }
      const selection = this.selection()
      const candidate = { ...selection, [side]: selection[side].concat(code) }
      if (row.checking) {
        // Not answered yet: ask for this one pick now.
        this.setData({ checking: true, busy: true, message: CHECKING })
        try {
          const problems = await this.problemsOf(candidate)
          const own = problems.find((p) => p.code === code)
          if (own) {
            this.refuse(own.message)
            return
          }
        } catch (err) {
          this.refuse(err.message)
          return
        } finally {
          this.setData({ checking: false, busy: false })
        }
      }
      this.setData({ [`form.${side}`]: candidate[side], errors: this.errorsWithout(side), message: '' })
      this.markDirty()
      this.render()
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
      this.setData({ [`form.${side}`]: kept, errors: this.errorsWithout(side), message: '' })
      this.markDirty()
      this.render()
    },
  },
})
