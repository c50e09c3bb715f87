/** 用户协议 / 隐私政策 (?key=user-agreement | privacy-policy), as the server serves them. */
const api = require('../../utils/api')
const { decodeOption } = require('../../utils/nav')

Component({
  data: {
    loading: true,
    loadError: '',
    doc: null,
  },

  methods: {
    async onLoad(options) {
      const key = decodeOption((options || {}).key)
      try {
        const doc = await api.getLegalDocument(key)
        this.setData({ doc, loading: false })
        wx.setNavigationBarTitle({ title: doc.title, fail: () => null })
      } catch (err) {
        this.setData({ loadError: err.message, loading: false })
      }
    },
  },
})
