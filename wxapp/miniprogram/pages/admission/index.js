/**
 * 考试结果与入库通知书: my result (GET …/exam-result) and, when admitted, the admission letter
 * (wx.downloadFile of …/admission-letter.pdf, then wx.openDocument to keep, print or forward it).
 */
const api = require('../../utils/api')
const device = require('../../utils/device')
const { PAGES } = require('../../utils/nav')
const { formatBeijing } = require('../../utils/time')

const NO_RESULT = '尚无考试结果。考试结果登记后，会通过微信或短信通知您。'
const LETTER_FAILED = '入库通知书打开失败，请稍后重试；如仍无法打开，请拨打技术服务咨询热线。'

/** "2029-11-24" → "2029年11月24日". */
function chineseDate(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(iso || ''))
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : ''
}

Component({
  data: {
    loading: true,
    loadError: '',
    result: null,
    downloading: false,
  },

  methods: {
    async onShow() {
      this.setData({ loadError: '' })
      try {
        const result = await api.getExamResult()
        this.setData({
          loading: false,
          result: {
            ...result,
            recordedText: formatBeijing(result.recorded_at),
            term: result.passed ? `${chineseDate(result.term_start)}至${chineseDate(result.term_end)}` : '',
          },
        })
      } catch (err) {
        if (err.status === 401) return
        this.setData({ loading: false, loadError: err.status === 404 ? NO_RESULT : err.message })
      }
    },

    onHelp() {
      wx.navigateTo({ url: PAGES.help })
    },

    async onOpenLetter() {
      if (this.data.downloading) return
      this.setData({ downloading: true })
      try {
        const filePath = await api.downloadAdmissionLetter()
        await device.openPdf(filePath)
      } catch (err) {
        device.tellFailure(err, LETTER_FAILED)
      } finally {
        this.setData({ downloading: false })
      }
    },
  },
})
