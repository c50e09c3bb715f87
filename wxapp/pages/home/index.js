/**
 * Home: greeting, the current batch with its windows (Beijing time), and the
 * applicant's status card with the application's state and its action
 * (utils/application-status.js decides what it says): the expert number once approved,
 * the rejection's reasons and 撤回 (after a confirmation) when rejected.
 */
const api = require('../../utils/api')
const session = require('../../utils/session')
const review = require('../../utils/review')
const { OVERVIEW_PAGE } = require('../../utils/application')
const { formatBeijing, formatRange } = require('../../utils/time')
const { describeApplication } = require('../../utils/application-status')

function batchWindows(batch) {
  return [
    { key: 'registration', label: '网上报名', value: formatRange(batch.registration_opens_at, batch.registration_closes_at) },
    { key: 'review', label: '资格审核截止', value: formatBeijing(batch.review_closes_at) },
    { key: 'payment', label: '网上缴费', value: formatRange(batch.payment_opens_at, batch.payment_closes_at) },
    { key: 'fee', label: '培训费', value: batch.fee_yuan !== undefined && batch.fee_yuan !== null ? `${batch.fee_yuan}元` : '' },
  ].filter((w) => w.value)
}

Component({
  data: {
    loading: true,
    account: null,
    batch: null,
    windows: [],
    status: null,
    loadError: '',
    working: false,
  },

  methods: {
    onShow() {
      this.setData({ account: session.getAccount() })
      return this.refresh()
    },

    async onPullDownRefresh() {
      await this.refresh()
      wx.stopPullDownRefresh()
    },

    async refresh() {
      this.setData({ loadError: '' })
      try {
        const account = await api.getMe()
        session.setAccount(account)
        this.setData({ account })
      } catch (err) {
        // 401: the API client has already sent the user to the login page.
        if (err.status === 401) return
        this.setData({ loadError: err.message })
      }

      let batch = null
      try {
        batch = await api.getCurrentBatch()
      } catch (err) {
        if (err.code !== 'not_found') {
          this.setData({ loading: false, loadError: err.message })
          return
        }
      }
      // The application of the current batch (the server creates the draft on first read).
      let application = null
      if (batch) {
        try {
          application = await api.getApplication()
        } catch (err) {
          // 404 (none in this batch) or a refusal (e.g. not open yet): the card shows the batch's
          // window instead. Only a failure to reach the server is worth a message here.
          if (err.status === 0 || err.status >= 500) this.setData({ loadError: err.message })
        }
      }
      this.setData({
        loading: false,
        batch,
        windows: batch ? batchWindows(batch) : [],
        status: describeApplication(application, batch),
      })
    },

    onStatusAction() {
      const action = this.data.status && this.data.status.action
      if (action && action.url) wx.navigateTo({ url: action.url })
    },

    /** The card's second button: 撤回 (a rejected application), then the form to edit. */
    async onStatusSecondary() {
      const secondary = this.data.status && this.data.status.secondary
      if (!secondary || this.data.working) return
      if (secondary.op !== 'withdraw') return
      this.setData({ working: true })
      try {
        const application = await review.withdraw()
        if (!application) return
        wx.showToast({ title: '已撤回，可修改资料', icon: 'none', duration: 2500 })
        this.setData({ status: describeApplication(application, this.data.batch) })
        wx.navigateTo({ url: OVERVIEW_PAGE })
      } catch (err) {
        wx.showToast({ title: err.message, icon: 'none', duration: 2500 })
        if (err.status === 409) await this.refresh()
      } finally {
        this.setData({ working: false })
      }
    },
  },
})
