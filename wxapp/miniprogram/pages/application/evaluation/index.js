/**
 * 参评信息: accepts evaluation in other places, willing to be an emergency expert,
 * e-mail (the invoice goes there), the account's mobile (read-only) and a backup mobile.
 */
const sectionBehavior = require('../../../behaviors/application-section')

Component({
  behaviors: [sectionBehavior],

  data: {
    section: 'evaluation',
  },

  methods: {
    onLoad(options) {
      return this.sectionLoad(options)
    },

    onShow() {
      return this.sectionShow()
    },
  },
})
