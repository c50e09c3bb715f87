/** 工作经历: work experience, and evaluation experience ("无" when there is none). */
const sectionBehavior = require('../../../behaviors/application-section')

const NONE_MARK = '无'

Component({
  behaviors: [sectionBehavior],

  data: {
    section: 'experience',
    noneMark: NONE_MARK,
  },

  methods: {
    onLoad(options) {
      return this.sectionLoad(options)
    },

    onShow() {
      return this.sectionShow()
    },

    /** 没有评标经验: fills in "无". */
    onNoEvaluationExperience() {
      if (!this.data.editable) return
      this.setData({ 'form.evaluation_experience': NONE_MARK, 'errors.evaluation_experience': '', dirty: true })
    },
  },
})
