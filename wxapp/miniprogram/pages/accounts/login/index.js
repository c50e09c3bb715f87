/**
 * Login: password (username or phone), SMS code, or WeChat one-tap.
 * When WeChat login answers bind_required, the bind ticket is kept and sent
 * with the next password/SMS login, which binds this WeChat to the account.
 */
const api = require('../../../utils/api')
const session = require('../../../utils/session')
const validate = require('../../../utils/validate')
const { PAGES, leaveAccountPages } = require('../../../utils/nav')
const smsBehavior = require('../../../behaviors/sms-code')

const BIND_NOTICE = '首次使用微信登录，请用账号密码或短信验证码登录以绑定微信'

Component({
  behaviors: [smsBehavior],

  data: {
    tab: 'password',
    tabs: [
      { key: 'password', label: '密码登录' },
      { key: 'sms', label: '验证码登录' },
      { key: 'wechat', label: '微信登录' },
    ],
    form: {
      login: '',
      password: '',
      phone: '',
      sms_code: '',
    },
    smsPurpose: 'login',
    bindRequired: false,
    bindNotice: BIND_NOTICE,
  },

  methods: {
    onLoad() {
      this.refreshBindState()
    },

    onShow() {
      if (wx.hideHomeButton) wx.hideHomeButton()
      this.refreshBindState()
    },

    refreshBindState() {
      const bindRequired = !!session.getBindTicket()
      const patch = { bindRequired }
      if (bindRequired && this.data.tab === 'wechat') patch.tab = 'password'
      this.setData(patch)
    },

    onSwitchTab(e) {
      this.setData({ tab: e.currentTarget.dataset.tab, errors: {}, formError: '' })
    },

    onPasswordLogin() {
      if (this.data.submitting) return undefined
      const values = { login: validate.trim(this.data.form.login), password: this.data.form.password }
      const errors = validate.validateFields(values, {
        login: (v) => validate.login(v),
        // Only "required" at login: the format rule is for choosing a password.
        password: (v) => validate.passwordPresent(v),
      })
      if (!this.applyClientErrors(errors)) return undefined
      return this.submit(() => api.loginWithPassword(session.withBindTicket(values)))
    },

    onSmsLogin() {
      if (this.data.submitting) return undefined
      const values = this.smsValues()
      const errors = validate.validateFields(values, validate.smsRules())
      if (!this.applyClientErrors(errors)) return undefined
      return this.submit(() => api.loginWithSms(session.withBindTicket(values)))
    },

    async onWechatLogin() {
      if (this.data.submitting) return
      this.setData({ submitting: true, errors: {}, formError: '' })
      try {
        const code = await api.wxLogin()
        const res = await api.loginWithWechat(code)
        if (res && res.status === 'logged_in') {
          this.finishLogin(res)
        } else if (res && res.status === 'bind_required') {
          session.setBindTicket(res.bind_ticket, res.bind_ticket_expires_at)
          this.setData({ bindRequired: true, tab: 'password' })
        }
      } catch (err) {
        if (err instanceof api.ApiError) this.showApiError(err)
        else wx.showToast({ title: '微信登录失败，请稍后重试', icon: 'none' })
      } finally {
        this.setData({ submitting: false })
      }
    },

    submit(call) {
      return this.runSubmit(async () => this.finishLogin(await call()), (err) => {
        if (session.dropRefusedBindTicket(err)) this.setData({ bindRequired: false })
      })
    },

    finishLogin(sessionData) {
      session.saveSession(sessionData)
      session.clearBindTicket()
      this.setData({ bindRequired: false })
      wx.showToast({ title: '登录成功', icon: 'success' })
      leaveAccountPages()
    },
  },
})
