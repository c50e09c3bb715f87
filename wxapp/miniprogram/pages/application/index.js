/**
 * 专家申报 overview: the application's state, every section with ✓ or its number of
 * problems, the completeness list (each item jumps to its field), the credit-code
 * confirmations, and 提交.
 *
 * Submit: shown when the server lists the action submit_info (disabled, with its reason, when
 * blocked); credit-code warnings must be confirmed first (我确认信用代码无误 sets the
 * *_credit_code_confirmed flag); a 422 answer's problems become the completeness list;
 * after success the server no longer offers edit, and every page is read-only.
 *
 * After a rejection the reviewer's reasons and field marks show at the top (each mark opens
 * its field, where the note shows too). Once submitted, the next step (资料提交审核: the review
 * sheet, the signed scan, 提交审核; later the review's outcome) is one tap away.
 */
const api = require('../../utils/api')
const appForm = require('../../utils/application')
const review = require('../../utils/review')
const actions = require('../../utils/actions')
const device = require('../../utils/device')
const { stateLabel, describeApplication } = require('../../utils/application-status')
const { formatBeijing } = require('../../utils/time')
const { confirm } = require('../../utils/nav')

Component({
  data: {
    loading: true,
    loadError: '',
    application: null,
    editable: false,
    stateText: '',
    deadlineText: '',
    sections: appForm.sectionSummaries([]),
    rows: [],
    complete: false,
    checked: false,
    submitting: false,
    submitError: '',
    confirming: '',
    rejection: null,
    next: null,
    submitAction: null,
    submitBlocked: '',
  },

  methods: {
    onLoad() {
      return undefined
    },

    onShow() {
      return this.refresh()
    },

    async onPullDownRefresh() {
      await this.refresh()
      wx.stopPullDownRefresh()
    },

    async refresh() {
      let application
      try {
        application = await api.getApplication()
      } catch (err) {
        this.setData({ loading: false, loadError: err.message })
        return
      }
      this.showApplication(application)
      this.setData({ loading: false, loadError: '' })
      if (actions.isAllowed(application, 'edit')) await this.loadProblems()
      else this.showProblems([], true)
    },

    showApplication(application) {
      const closes = application.batch && application.batch.registration_closes_at
      const editable = actions.isAllowed(application, 'edit')
      const submitAction = actions.find(application, 'submit_info')
      this.setData({
        application,
        editable,
        submitAction,
        submitBlocked: actions.blockedText(submitAction),
        stateText: stateLabel(application.state) || application.state_label || '',
        deadlineText: closes ? formatBeijing(closes) : '',
        rejection: review.rejectionView(application),
        next: editable ? null : describeApplication(application, null),
      })
    },

    async loadProblems() {
      try {
        const answer = await api.getProblems()
        this.showProblems(answer.problems || [], !!answer.complete)
      } catch (err) {
        this.setData({ submitError: err.message })
      }
    },

    showProblems(problems, complete) {
      this._problems = problems
      const confirmedFields = this.confirmedFields()
      const rows = appForm.problemRows(problems).map((row) => ({
        ...row,
        confirmable: row.creditCode && row.severity === 'warning',
        confirmed: confirmedFields.indexOf(row.field) >= 0,
      }))
      this.setData({
        rows,
        complete,
        checked: true,
        sections: appForm.sectionSummaries(problems),
      })
    },

    /** Credit-code fields the applicant has confirmed, read from the application. */
    confirmedFields() {
      const app = this.data.application
      if (!app) return []
      const fields = []
      if (app.qualification && app.qualification.unit_credit_code_confirmed) fields.push('qualification.unit_credit_code')
      ;(app.avoidance_units || []).forEach((u, i) => {
        if (u.credit_code_confirmed) fields.push(`avoidance_units[${i}].credit_code`)
      })
      return fields
    },

    onOpenSection(e) {
      const { key } = e.currentTarget.dataset
      const section = appForm.section(key)
      if (section) wx.navigateTo({ url: section.page })
    },

    /** A field the reviewer marked: open its section at the field. */
    onOpenMark(e) {
      const rejection = this.data.rejection
      const row = rejection && rejection.marks[Number(e.currentTarget.dataset.index)]
      if (row && row.url) wx.navigateTo({ url: row.url })
    },

    /** The next step once submitted: 资料提交审核 (or the review's outcome). */
    onNextStep() {
      const action = this.data.next && this.data.next.action
      if (action && action.url) wx.navigateTo({ url: action.url })
    },

    /** A completeness-list item: open its section at its field. */
    onOpenProblem(e) {
      const row = this.data.rows[Number(e.currentTarget.dataset.index)]
      if (row && row.url) wx.navigateTo({ url: row.url })
    },

    /** 我确认信用代码无误: set the warning's *_credit_code_confirmed flag. */
    async onConfirmCreditCode(e) {
      const row = this.data.rows[Number(e.currentTarget.dataset.index)]
      if (!row || !row.confirmable || !this.data.editable || this.data.confirming) return
      const value = !row.confirmed
      const where = appForm.locate(row.field)
      this.setData({ confirming: row.field })
      try {
        let application
        if (where.list === 'avoidance_units') {
          const unit = (this.data.application.avoidance_units || [])[where.index]
          if (!unit) throw new Error('找不到该回避单位，请刷新后重试')
          application = await api.updateAvoidanceUnit(unit.id, { credit_code_confirmed: value })
        } else {
          application = await api.saveSection('qualification', { unit_credit_code_confirmed: value })
        }
        this.showApplication(application)
        const rows = this.data.rows.map((r) => (r.field === row.field ? { ...r, confirmed: value } : r))
        this.setData({ rows })
      } catch (err) {
        wx.showToast({ title: err.message, icon: 'none', duration: 2500 })
      } finally {
        this.setData({ confirming: '' })
      }
    },

    unconfirmedWarnings() {
      return this.data.rows.filter((r) => r.confirmable && !r.confirmed)
    },

    async onSubmit() {
      const { submitAction } = this.data
      if (!submitAction || !submitAction.allowed || this.data.submitting) return
      if (this.unconfirmedWarnings().length) {
        const message = '请先核对信用代码，并勾选“我确认信用代码无误”'
        this.setData({ submitError: message })
        wx.showToast({ title: message, icon: 'none', duration: 2500 })
        return
      }
      const ok = await confirm('提交申报资料', '提交后资料将不能修改，确定提交吗？')
      if (!ok) return
      this.setData({ submitting: true, submitError: '' })
      try {
        const application = await api.submitApplication()
        this.showApplication(application)
        this.showProblems([], true)
        wx.showToast({ title: '提交成功', icon: 'success' })
      } catch (err) {
        if (err.status === 422) {
          const known = (this._problems || []).filter((p) => p.severity === 'warning').map((p) => p.field)
          const problems = appForm.problemsFromFields(err.fields, known)
          this.showProblems(problems, false)
          this.setData({ submitError: err.message })
        } else {
          this.setData({ submitError: err.message })
          if (err.status === 409) await this.refresh()
        }
        wx.showToast({ title: err.message, icon: 'none', duration: 2500 })
      } finally {
        this.setData({ submitting: false })
      }
    },
  },
})
