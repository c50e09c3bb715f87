/**
 * 通知公告: the training and exam notices addressed to me (GET /api/v1/notices), newest first, each
 * with an unread marker until opened; a tap opens the notice.
 */
const api = require('../../utils/api')
const { PAGES } = require('../../utils/nav')
const { formatBeijing } = require('../../utils/time')

Component({
  data: {
    loading: true,
    loadError: '',
    notices: [],
    unread: 0,
  },

  methods: {
    onShow() {
      return this.refresh()
    },

    async onPullDownRefresh() {
      await this.refresh()
      wx.stopPullDownRefresh()
    },

    async refresh() {
      this.setData({ loadError: '' })
      try {
        const body = await api.getNotices()
        const notices = (body.notices || []).map((n) => ({
          ...n,
          when: formatBeijing(n.published_at),
          attachmentsText: n.attachment_count ? `附件${n.attachment_count}个` : '',
        }))
        this.setData({ notices, unread: body.unread || 0, loading: false })
      } catch (err) {
        // 401: the API client has already sent the user to the login page.
        this.setData({ loading: false, loadError: err.status === 401 ? '' : err.message })
      }
    },

    onOpen(e) {
      const { id } = e.currentTarget.dataset
      if (id) wx.navigateTo({ url: `${PAGES.notice}?id=${id}` })
    },
  },
})
