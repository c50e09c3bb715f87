/**
 * The account: username, masked phone, WeChat binding; the official account (已关注/未关注, and
 * the QR code that binds it: temporary, single use, long-press to recognise); password/phone
 * changes, 注销账号, the user agreement and privacy policy, the hotlines (tap to call); logout.
 */
const api = require('../../utils/api')
const reference = require('../../utils/reference')
const device = require('../../utils/device')
const session = require('../../utils/session')
const { PAGES, confirm } = require('../../utils/nav')
const { formatBeijing } = require('../../utils/time')

Component({
  data: {
    account: null,
    loggingOut: false,
    contacts: [],
    followed: null, // unknown until the server answers
    bindingCode: null,
    codeLoading: false,
    codeError: '',
  },

  methods: {
    onShow() {
      this.setData({ account: session.getAccount() })
      return Promise.all([this.refresh(), this.loadContacts(), this.loadFollowing()])
    },

    async loadFollowing() {
      try {
        const { followed } = await api.getOfficialAccount()
        this.setData({ followed, bindingCode: followed ? null : this.data.bindingCode })
      } catch (err) {
        // Shown as unknown (—) until the server answers.
      }
    },

    /** 关注公众号: a fresh binding QR code (it binds this account once, for 10 minutes). */
    async onShowBindingCode() {
      if (this.data.codeLoading) return
      this.setData({ codeLoading: true, codeError: '' })
      try {
        const code = await api.createBindingCode()
        this.setData({ bindingCode: { imageUrl: code.image_url, expiresText: formatBeijing(code.expires_at) } })
      } catch (err) {
        this.setData({ codeError: err.message })
      } finally {
        this.setData({ codeLoading: false })
      }
    },

    /** 我已关注: read the status again (the scan reaches the server through WeChat). */
    async onCheckFollowing() {
      await this.loadFollowing()
      if (!this.data.followed) wx.showToast({ title: '尚未完成关注，请长按二维码识别后关注', icon: 'none', duration: 2500 })
    },

    async loadContacts() {
      try {
        const index = await reference.getLegalIndex()
        this.setData({ contacts: index.contacts || [] })
      } catch (err) {
        // The hotlines show once the server answers.
      }
    },

    onCall(e) {
      const { phone } = e.currentTarget.dataset
      if (phone) device.callPhone(phone).catch((err) => device.tellFailure(err))
    },

    onHelp() {
      wx.navigateTo({ url: PAGES.help })
    },

    onDeleteAccount() {
      wx.navigateTo({ url: PAGES.deleteAccount })
    },

    onOpenLegal(e) {
      wx.navigateTo({ url: `${PAGES.legal}?key=${e.currentTarget.dataset.key}` })
    },

    async refresh() {
      try {
        const account = await api.getMe()
        session.setAccount(account)
        this.setData({ account })
      } catch (err) {
        // 401: the API client has already sent the user to the login page.
        if (err.status !== 401) wx.showToast({ title: err.message, icon: 'none' })
      }
    },

    onChangePassword() {
      wx.navigateTo({ url: PAGES.changePassword })
    },

    onChangePhone() {
      wx.navigateTo({ url: PAGES.changePhone })
    },

    async onLogout() {
      if (this.data.loggingOut) return
      const ok = await confirm('退出登录', '确定要退出登录吗？')
      if (!ok) return
      this.setData({ loggingOut: true })
      try {
        await api.logout()
      } catch (err) {
        // The session ends on this phone whatever the server answered.
      }
      session.logout()
      this.setData({ loggingOut: false, account: null })
      wx.reLaunch({ url: PAGES.login })
    },
  },
})
