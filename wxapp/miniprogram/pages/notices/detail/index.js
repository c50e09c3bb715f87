/**
 * One notice (?id=): title, time, the text as written, its PDF attachments. Opening it marks it
 * read (POST …/read). An attachment opens with wx.downloadFile + wx.openDocument (to read, print
 * or forward); a failure says in Chinese what happened and what to do.
 */
const api = require('../../../utils/api')
const device = require('../../../utils/device')
const { decodeOption } = require('../../../utils/nav')
const { formatBeijing } = require('../../../utils/time')

const NOT_FOUND = '通知不存在，或不是发给您的通知'
const ATTACHMENT_FAILED = '附件打开失败，请稍后重试；如仍无法打开，请拨打技术服务咨询热线。'

function sizeText(bytes) {
  if (!bytes) return ''
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)}MB` : `${Math.ceil(bytes / 1024)}KB`
}

Component({
  data: {
    loading: true,
    loadError: '',
    notice: null,
    opening: 0,
  },

  methods: {
    async onLoad(options) {
      this._id = decodeOption((options || {}).id)
      try {
        const notice = await api.getNotice(this._id)
        this.setData({
          loading: false,
          notice: {
            ...notice,
            when: formatBeijing(notice.published_at),
            attachments: (notice.attachments || []).map((a) => ({ ...a, sizeText: sizeText(a.size) })),
          },
        })
        if (!notice.read) this.markRead()
      } catch (err) {
        if (err.status === 401) return
        this.setData({ loading: false, loadError: err.status === 404 ? NOT_FOUND : err.message })
      }
    },

    /** The marker goes on the list when it is shown again; a failure only leaves it there. */
    async markRead() {
      try {
        await api.markNoticeRead(this._id)
      } catch (err) {
        // Not worth a message: the notice is open, the marker goes next time.
      }
    },

    async onOpenAttachment(e) {
      const { id } = e.currentTarget.dataset
      if (!id || this.data.opening) return
      this.setData({ opening: id })
      try {
        const filePath = await api.downloadNoticeAttachment(this._id, id)
        await device.openPdf(filePath)
      } catch (err) {
        device.tellFailure(err, ATTACHMENT_FAILED)
      } finally {
        this.setData({ opening: 0 })
      }
    },
  },
})
