/**
 * 电脑上传: a PDF too big or not on the phone is uploaded from a computer.
 * POST desktop-upload-codes {slot} gives a short code, a URL and a QR PNG; the user
 * opens the URL on a computer and uploads there. Every time this page shows again
 * (and on 刷新) the application is read again to see the file arrive.
 *
 * ?slot=title_certificate | education_proof | commitment_letter | certificate:<id>
 *   | signed_review_sheet (the signed, stamped review sheet: application.signed_sheet_file_id)
 * &label=the file's name on the form
 */
const api = require('../../../utils/api')
const appForm = require('../../../utils/application')
const device = require('../../../utils/device')
const { formatBeijing, parseIso } = require('../../../utils/time')
const { backOr, decodeOption: decode } = require('../../../utils/nav')

const SLOT_LABELS = {
  title_certificate: '职称证书',
  education_proof: '学历证明',
  commitment_letter: '诚信承诺书',
  signed_review_sheet: appForm.SIGNED_SHEET_LABEL,
}

function slotLabel(slot, label) {
  if (label) return label
  if (/^certificate:/.test(slot)) return '职业资格证书PDF证明'
  return SLOT_LABELS[slot] || '文件'
}

Component({
  data: {
    slot: '',
    label: '',
    loading: true,
    error: '',
    code: null,
    qrSrc: '',
    expiresText: '',
    validMinutes: 0,
    arrived: null,
  },

  methods: {
    onLoad(options) {
      const opts = options || {}
      const slot = decode(opts.slot)
      this.setData({ slot, label: slotLabel(slot, decode(opts.label)) })
      return this.start()
    },

    onShow() {
      if (this._started) return this.checkArrival()
      return undefined
    },

    async start() {
      this.setData({ loading: true, error: '', arrived: null })
      try {
        const application = await api.getApplication()
        this._before = appForm.fileOfSlot(application, this.data.slot)
        await this.newCode()
      } catch (err) {
        this.setData({ loading: false, error: err.message })
      }
      this._started = true
    },

    async newCode() {
      const code = await api.createDesktopUploadCode(this.data.slot)
      const expires = parseIso(code.expires_at)
      const minutes = Number.isNaN(expires) ? 30 : Math.max(0, Math.round((expires - Date.now()) / 60000))
      this.setData({
        loading: false,
        error: '',
        code,
        qrSrc: code.qr_png_base64 ? `data:image/png;base64,${code.qr_png_base64}` : '',
        expiresText: formatBeijing(code.expires_at),
        validMinutes: minutes,
      })
    },

    async onRenew() {
      try {
        await this.newCode()
      } catch (err) {
        this.setData({ error: err.message })
      }
    },

    /** Read the application again: has the file come? */
    async checkArrival() {
      try {
        const application = await api.getApplication()
        const now = appForm.fileOfSlot(application, this.data.slot)
        const before = this._before
        if (now && (!before || String(now.id) !== String(before.id))) {
          this.setData({ arrived: now })
          wx.showToast({ title: '已收到文件', icon: 'success' })
        } else if (!this.data.arrived) {
          wx.showToast({ title: '尚未收到文件', icon: 'none' })
        }
      } catch (err) {
        wx.showToast({ title: err.message, icon: 'none' })
      }
    },

    async onCopyUrl() {
      if (!this.data.code) return
      try {
        await device.copyText(this.data.code.url)
      } catch (err) {
        device.tellFailure(err)
      }
    },

    onDone() {
      backOr(appForm.OVERVIEW_PAGE)
    },
  },
})
