/**
 * 诚信承诺书: ① download the template (with the applicant's name) and open it;
 * print, sign, scan to PDF; ② upload the signed PDF (from a chat, or 电脑上传).
 */
const api = require('../../../utils/api')
const device = require('../../../utils/device')
const sectionBehavior = require('../../../behaviors/application-section')

Component({
  behaviors: [sectionBehavior],

  data: {
    section: 'commitment',
    downloading: false,
  },

  methods: {
    onLoad(options) {
      return this.sectionLoad(options)
    },

    onShow() {
      return this.sectionShow()
    },

    /** wx.downloadFile the template, then wx.openDocument (print or forward it from there). */
    async onDownloadTemplate() {
      if (this.data.downloading) return
      this.setData({ downloading: true })
      try {
        const filePath = await api.downloadCommitmentLetter()
        await device.openPdf(filePath)
      } catch (err) {
        device.tellFailure(err, '无法打开诚信承诺书模板，请稍后重试')
      } finally {
        this.setData({ downloading: false })
      }
    },
  },
})
