/**
 * 资料提交审核 and the review that follows (seed steps 7–8, part 二).
 *
 * - info_submitted: the 申请和资格审查表 as the server generated it (GET review-sheet, rows of
 *   one or two label/value pairs, headings), "请再次核对所填信息的准确性", 导出PDF
 *   (wx.downloadFile of review-sheet.pdf with the token, then wx.openDocument to print or
 *   forward it); the signed, stamped scan uploaded as kind signed_review_sheet (from a chat, or
 *   电脑上传 with slot signed_review_sheet, which puts it into application.signed_sheet_file_id);
 *   提交审核 (POST submit-for-review {signed_sheet_file_id}) → pending_review.
 * - pending_review 待审核 with the submission time; rejected 已驳回 with the reasons and each
 *   marked field's note; approved 审核通过 with the expert number (专家编号).
 * - What may be done comes from the server's allowed_actions: the upload and 提交审核 show when
 *   it lists upload_signed_sheet / submit_for_review (a blocked one says why), 撤回 when it offers
 *   withdraw (after a confirmation: back to draft and the overview).
 * - The signed scan is stored on the server the moment it is picked (wx.uploadFile); its file
 *   number is kept on the phone for this submission (wx storage), so that a crash or a later visit
 *   finds it and 提交审核 only submits.
 * - Subscribe messages (utils/subscriptions.js): 提交审核 first asks for the review result's
 *   template; an approval offers 订阅缴费提醒, a payment 订阅培训、考试通知 (each a tap, as WeChat
 *   requires). Whatever the answer, the action goes on; a refusal is not asked again.
 * Titles and hints of the states come from utils/application-status.js.
 */
const api = require('../../../utils/api')
const appForm = require('../../../utils/application')
const review = require('../../../utils/review')
const { describeApplication } = require('../../../utils/application-status')
const { formatBeijing } = require('../../../utils/time')
const actions = require('../../../utils/actions')
const device = require('../../../utils/device')
const { replaceWith } = require('../../../utils/nav')
const subscriptions = require('../../../utils/subscriptions')

const SHEET_REQUIRED = `请先上传${appForm.SIGNED_SHEET_LABEL}（PDF）`
/** The moment whose templates are asked for on this page, by state. */
const OFFERS = {
  info_submitted: 'submit_for_review',
  approved: 'approved',
  paid: 'paid',
}
/** The 订阅 button a state offers (asked on a tap of its own). */
const OFFER_LABELS = { approved: '订阅缴费提醒', paid: '订阅培训、考试通知' }
const SUBSCRIBED = '已订阅，将通过微信通知您'
const NOT_SUBSCRIBED = '未订阅，重要通知将以短信发送'

/** The sheet's rows with ids for wx:key: [{id, heading} | {id, cells: [{id, label, value}]}]. */
function sheetRows(sheet) {
  return ((sheet && sheet.rows) || []).map((row, i) => {
    if (row.heading !== undefined && row.heading !== null) return { id: i, heading: String(row.heading), cells: [] }
    const cells = (row.cells || []).map((c, j) => ({
      id: j,
      label: c.label || '',
      value: c.value === null || c.value === undefined ? '' : String(c.value),
    }))
    return { id: i, heading: '', cells }
  })
}

/** Where the phone keeps the scan uploaded for one submission (it belongs to that sheet only). */
function sheetKey(application) {
  return `signed_sheet:${application.id}:${application.submitted_at || ''}`
}

/** The StoredFile the upload answered with, as <file-upload> shows a file. */
function storedFileInfo(stored) {
  if (!stored) return null
  return appForm.fileInfo({ files: { [String(stored.id)]: stored } }, stored.id)
}

Component({
  data: {
    loading: true,
    loadError: '',
    application: null,
    state: '',
    status: null,
    canWithdraw: false,
    uploadAction: null,
    submitAction: null,
    submitBlocked: '',
    withdrawBlocked: '',
    withdrawing: false,
    withdrawError: '',
    reviewSubmittedText: '',
    deadlineText: '',
    expertNumber: '',
    rejection: null,
    decisions: [],
    sheet: null,
    sheetRows: [],
    sheetSubmittedText: '',
    sheetLoading: false,
    sheetLoadError: '',
    downloading: false,
    sheetFile: null,
    sheetFieldError: '',
    sheetMark: '',
    submitting: false,
    submitError: '',
    offerLabel: '',
    offerMoment: '',
  },

  methods: {
    onLoad() {
      return undefined
    },

    /** Every show reads the application again (a scan may have arrived from a computer). */
    onShow() {
      return this.refresh()
    },

    async onPullDownRefresh() {
      await this.refresh(true)
      wx.stopPullDownRefresh()
    },

    async refresh(reloadSheet) {
      let application
      try {
        application = await api.getApplication()
      } catch (err) {
        this.setData({ loading: false, loadError: err.message })
        return
      }
      let batch = null
      if (application.state === 'approved') {
        // payment_delay_days is the batch's (审核通过5日后可缴费).
        try {
          batch = await api.getCurrentBatch()
        } catch (err) {
          batch = null
        }
      }
      this.showApplication(application, batch)
      this.setData({ loading: false, loadError: '' })
      const changed = this._sheetOf !== application.submitted_at
      if (application.state !== 'draft' && (reloadSheet || changed || !this.data.sheet)) {
        await this.loadSheet(application)
      }
      if (OFFERS[application.state]) {
        await subscriptions.load()
        this.showOffer()
      }
    },

    /** The 订阅 button of an approved or paid application, while there is something to ask. */
    showOffer() {
      const { state } = this.data
      const label = OFFER_LABELS[state] || ''
      const moment = label && subscriptions.canAsk(OFFERS[state]) ? OFFERS[state] : ''
      this.setData({ offerMoment: moment, offerLabel: moment ? label : '' })
    },

    /** 订阅…: the dialog inside this tap; the answer is reported and respected. */
    async onSubscribe() {
      const moment = this.data.offerMoment
      if (!moment) return
      const answers = await subscriptions.ask(moment)
      const values = Object.keys(answers).map((id) => answers[id])
      if (values.length) {
        wx.showToast({ title: values.indexOf('accept') >= 0 ? SUBSCRIBED : NOT_SUBSCRIBED, icon: 'none', duration: 2500 })
      }
      this.showOffer()
    },

    showApplication(application, batch) {
      const { state } = application
      const serverSheet = application.signed_sheet_file_id
      let { sheetFile } = this.data
      if (state !== 'info_submitted') {
        sheetFile = appForm.fileInfo(application, serverSheet)
      } else if (serverSheet !== null && serverSheet !== undefined && serverSheet !== this._serverSheet) {
        // Uploaded from a computer meanwhile: that one is the scan now.
        sheetFile = appForm.fileInfo(application, serverSheet)
      } else if (!sheetFile) {
        sheetFile = wx.getStorageSync(sheetKey(application)) || null // picked on this phone earlier
      }
      this._serverSheet = serverSheet
      const closes = application.batch && application.batch.registration_closes_at
      this.setData({
        application,
        state,
        status: describeApplication(application, batch),
        canWithdraw: actions.isAllowed(application, 'withdraw'),
        withdrawBlocked: actions.blockedText(actions.find(application, 'withdraw')),
        uploadAction: actions.find(application, 'upload_signed_sheet'),
        submitAction: actions.find(application, 'submit_for_review'),
        submitBlocked: actions.blockedText(actions.find(application, 'submit_for_review')),
        reviewSubmittedText: formatBeijing(application.review_submitted_at),
        deadlineText: formatBeijing(closes),
        expertNumber: application.expert_number || '',
        rejection: review.rejectionView(application),
        decisions: review.decisionRows(application),
        sheetMark: review.markOf(application, appForm.SIGNED_SHEET_FIELD),
        sheetFile,
      })
    },

    async loadSheet(application) {
      this.setData({ sheetLoading: true, sheetLoadError: '' })
      try {
        const sheet = await api.getReviewSheet()
        this._sheetOf = application.submitted_at
        this.setData({
          sheet,
          sheetRows: sheetRows(sheet),
          sheetSubmittedText: formatBeijing(sheet.submitted_at),
          sheetLoading: false,
        })
      } catch (err) {
        this.setData({ sheetLoading: false, sheetLoadError: err.message })
      }
    },

    /** 导出PDF: download with the token, open it; print or forward it from the document's menu. */
    async onExportPdf() {
      if (this.data.downloading) return
      this.setData({ downloading: true })
      try {
        const filePath = await api.downloadReviewSheet()
        await device.openPdf(filePath)
      } catch (err) {
        device.tellFailure(err, '无法打开申请和资格审查表，请稍后重试')
      } finally {
        this.setData({ downloading: false })
      }
    },

    /** The signed scan is on the server; the phone keeps its number for this submission. */
    onSheetUploaded(e) {
      const { id, file } = e.detail || {}
      if (id === undefined || id === null) return
      const sheetFile = storedFileInfo(file && file.id !== undefined ? file : { id })
      wx.setStorageSync(sheetKey(this.data.application), sheetFile)
      this.setData({ sheetFile, sheetFieldError: '', submitError: '' })
      wx.showToast({ title: '已上传', icon: 'success' })
    },

    /**
     * 逐页拍照上传: one photo per signed page, in page order; each goes up (kind signed_sheet_page),
     * then the server builds the PDF from them and keeps it as the signed scan.
     */
    async onPhotographPages() {
      const { uploadAction } = this.data
      if (this.data.photographing || !uploadAction || !uploadAction.allowed) return
      let photos
      try {
        photos = await device.choosePagePhotos()
      } catch (err) {
        device.tellFailure(err)
        return
      }
      this.setData({ photographing: true, sheetFieldError: '', submitError: '' })
      try {
        const ids = []
        for (let i = 0; i < photos.length; i += 1) {
          const stored = await api.uploadFile({ filePath: photos[i].path, kind: 'signed_sheet_page' })
          ids.push(stored.id)
        }
        const application = await api.putSignedSheetPhotos(ids)
        const id = application.signed_sheet_file_id
        const sheetFile = appForm.fileInfo(application, id) || storedFileInfo({ id })
        wx.setStorageSync(sheetKey(application), sheetFile)
        this.setData({ sheetFile })
        wx.showToast({ title: `已上传${ids.length}页`, icon: 'success' })
      } catch (err) {
        const fields = err.fields || {}
        const message = fields.signed_sheet_file_id || fields.page_file_ids || err.message
        this.setData({ sheetFieldError: message })
        wx.showToast({ title: message, icon: 'none', duration: 2500 })
      } finally {
        this.setData({ photographing: false })
      }
    },

    async onSubmitForReview() {
      const { submitAction } = this.data
      if (this.data.submitting || !submitAction || !submitAction.allowed) return
      const file = this.data.sheetFile
      if (!file) {
        this.setData({ sheetFieldError: SHEET_REQUIRED, submitError: SHEET_REQUIRED })
        wx.showToast({ title: SHEET_REQUIRED, icon: 'none', duration: 2500 })
        return
      }
      // Inside the tap, before anything else is awaited: WeChat shows the dialog only then.
      const asked = subscriptions.ask('submit_for_review')
      this.setData({ submitting: true, submitError: '', sheetFieldError: '' })
      await asked
      try {
        const application = await api.submitForReview(file.id)
        wx.removeStorageSync(sheetKey(this.data.application))
        this.showApplication(application, null)
        wx.showToast({ title: '已提交审核', icon: 'success' })
      } catch (err) {
        const fieldMessage = (err.fields && err.fields.signed_sheet_file_id) || ''
        this.setData({ submitError: err.message, sheetFieldError: fieldMessage })
        wx.showToast({ title: err.message, icon: 'none', duration: 2500 })
        // The state changed meanwhile (or the deadline passed): show what it is now.
        if (err.status === 409) await this.refresh()
      } finally {
        this.setData({ submitting: false })
      }
    },

    /** 撤回 after the confirmation; then the overview, to edit and submit again. */
    async onWithdraw() {
      if (!this.data.canWithdraw || this.data.withdrawing) return
      this.setData({ withdrawing: true, withdrawError: '' })
      try {
        const application = await review.withdraw()
        if (!application) return
        this.showApplication(application, null)
        wx.showToast({ title: '已撤回，可修改资料', icon: 'none', duration: 2500 })
        replaceWith(appForm.OVERVIEW_PAGE)
      } catch (err) {
        this.setData({ withdrawError: err.message })
        wx.showToast({ title: err.message, icon: 'none', duration: 2500 })
        if (err.status === 409) await this.refresh()
      } finally {
        this.setData({ withdrawing: false })
      }
    },

    /** A marked field: open its section at the field (the note shows under it). */
    onOpenMark(e) {
      const rejection = this.data.rejection
      const row = rejection && rejection.marks[Number(e.currentTarget.dataset.index)]
      if (row && row.url) wx.navigateTo({ url: row.url })
    },

    onOpenForm() {
      wx.navigateTo({ url: appForm.OVERVIEW_PAGE })
    },
  },
})
