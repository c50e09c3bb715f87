/**
 * Home: greeting, the applicant's status card (utils/application-status.js, drawn from the
 * server's allowed_actions): the state, the deadline in Beijing time with a countdown that moves
 * every minute while the page shows, the next step and its button, the expert number once
 * approved, the rejection's reasons and 撤回 (after a confirmation), the exam result (入库 with the
 * admission letter, or 未通过). Then the notices with their unread count, the batch's windows, and
 * the numbers to call: the applicant's prefecture's consultation contacts and the hotlines.
 */
const api = require('../../utils/api')
const session = require('../../utils/session')
const review = require('../../utils/review')
const contacts = require('../../utils/contacts')
const device = require('../../utils/device')
const { OVERVIEW_PAGE } = require('../../utils/application')
const { PAGES } = require('../../utils/nav')
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
    contactsHeading: '',
    contacts: [],
    unreadNotices: 0,
  },

  lifetimes: {
    detached() {
      this.stopCountdown()
    },
  },

  methods: {
    onShow() {
      this.setData({ account: session.getAccount() })
      return this.refresh().then((loggedIn) => {
        this.startCountdown()
        return loggedIn ? Promise.all([this.loadContacts(), this.loadNotices()]) : undefined
      })
    },

    onHide() {
      this.stopCountdown()
    },

    /** The countdown moves once a minute while the page shows. */
    startCountdown() {
      this.stopCountdown()
      this._countdown = setInterval(() => this.showStatus(), 60000)
    },

    stopCountdown() {
      if (this._countdown) {
        clearInterval(this._countdown)
        this._countdown = null
      }
    },

    showStatus() {
      this.setData({ status: describeApplication(this._application, this.data.batch) })
    },

    async loadContacts() {
      try {
        const found = await contacts.load()
        this.setData({ contactsHeading: found.heading, contacts: found.numbers })
      } catch (err) {
        // The numbers show once the server answers.
      }
    },

    async loadNotices() {
      try {
        const body = await api.getNotices()
        this.setData({ unreadNotices: body.unread || 0 })
      } catch (err) {
        // The count shows once the server answers; the list page says why it cannot load.
      }
    },

    onOpenNotices() {
      wx.navigateTo({ url: PAGES.notices })
    },

    onOpenHelp() {
      wx.navigateTo({ url: PAGES.help })
    },

    onCall(e) {
      const { phone } = e.currentTarget.dataset
      if (phone) device.callPhone(phone).catch((err) => device.tellFailure(err))
    },

    async onPullDownRefresh() {
      await this.refresh()
      wx.stopPullDownRefresh()
    },

    /** The account, the batch and the application; false when the applicant must log in first. */
    async refresh() {
      this.setData({ loadError: '' })
      try {
        const account = await api.getMe()
        session.setAccount(account)
        this.setData({ account })
      } catch (err) {
        // 401: the API client has already sent the user to the login page.
        if (err.status === 401) return false
        this.setData({ loadError: err.message })
      }

      let batch = null
      try {
        batch = await api.getCurrentBatch()
      } catch (err) {
        if (err.code !== 'not_found') {
          this.setData({ loading: false, loadError: err.message })
          return true
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
      this._application = application
      this.setData({ loading: false, batch, windows: batch ? batchWindows(batch) : [] })
      this.showStatus()
      return true
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
        wx.showToast({ title: '已撤回', icon: 'success' })
        this._application = application
        this.showStatus()
        wx.navigateTo({ url: OVERVIEW_PAGE })
      } catch (err) {
        device.tell(err.message)
        if (err.status === 409) await this.refresh()
      } finally {
        this.setData({ working: false })
      }
    },
  },
})
