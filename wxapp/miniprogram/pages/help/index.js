/**
 * 咨询电话 (help): my prefecture's policy-consultation contacts (the seed's 附件4, as association
 * staff keep them) and the payment and technical hotlines, each tapped to call. Another
 * prefecture's contacts can be looked up from the list of the 14.
 */
const contacts = require('../../utils/contacts')
const device = require('../../utils/device')
const reference = require('../../utils/reference')

Component({
  data: {
    loading: true,
    loadError: '',
    heading: '',
    numbers: [],
    prefectures: [],
    prefectureIndex: -1,
  },

  methods: {
    onShow() {
      return Promise.all([this.load(), this.loadPrefectures()])
    },

    async loadPrefectures() {
      try {
        const options = await reference.getOptions()
        this.setData({ prefectures: options.prefectures || [] })
      } catch (err) {
        // Looking up another prefecture waits until the list arrives.
      }
    },

    async load(prefectureCode) {
      this.setData({ loadError: '' })
      try {
        const found = await contacts.load(prefectureCode)
        const index = found.prefecture ? this.data.prefectures.findIndex((p) => p.code === found.prefecture.code) : -1
        this.setData({ loading: false, heading: found.heading, numbers: found.numbers, prefectureIndex: index })
      } catch (err) {
        if (err.status === 401) return
        this.setData({ loading: false, loadError: err.message })
      }
    },

    onPickPrefecture(e) {
      const prefecture = this.data.prefectures[Number(e.detail.value)]
      if (prefecture) this.load(prefecture.code)
    },

    onCall(e) {
      const { phone } = e.currentTarget.dataset
      if (phone) device.callPhone(phone).catch((err) => device.tellFailure(err))
    },
  },
})
