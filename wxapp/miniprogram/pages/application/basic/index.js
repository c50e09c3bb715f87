/**
 * 基本信息: name, gender, ID number (fills birth and gender), birth, photo and ID card
 * images, political affiliation, prefecture, title and its level, title certificate
 * and education proof PDFs, education, degree, school, major.
 */
const sectionBehavior = require('../../../behaviors/application-section')
const reference = require('../../../utils/reference')
const { checkIdNumber, normalize, LENGTH } = require('../../../utils/id-number')

function indexOf(list, value, key) {
  for (let i = 0; i < list.length; i += 1) {
    if ((key ? list[i][key] : list[i]) === value) return i
  }
  return -1
}

function thisMonth() {
  const t = new Date(Date.now() + 8 * 3600 * 1000)
  const m = t.getUTCMonth() + 1
  return `${t.getUTCFullYear()}-${m < 10 ? `0${m}` : m}`
}

Component({
  behaviors: [sectionBehavior],

  data: {
    section: 'basic',
    lists: {
      political_affiliations: [],
      prefectures: [],
      education: [],
      degrees: [],
      title_levels: [],
    },
    display: {},
    pickerIndex: {},
    thisMonth: thisMonth(),
  },

  observers: {
    'form.political_affiliation, form.prefecture_code, form.education, form.degree, form.title_level, lists': function update() {
      const { form, lists } = this.data
      const pick = (list, value, key, shown) => {
        const i = indexOf(list, value, key)
        return { index: i < 0 ? 0 : i, text: i < 0 ? (value || '') : (shown ? list[i][shown] : list[i]) }
      }
      const political = pick(lists.political_affiliations, form.political_affiliation, 'code', 'name')
      const prefecture = pick(lists.prefectures, form.prefecture_code, 'code', 'name')
      const education = pick(lists.education, form.education)
      const degree = pick(lists.degrees, form.degree)
      const titleLevel = pick(lists.title_levels, form.title_level)
      this.setData({
        display: {
          political_affiliation: political.text,
          prefecture_code: prefecture.text,
          education: education.text,
          degree: degree.text,
          title_level: titleLevel.text,
        },
        pickerIndex: {
          political_affiliation: political.index,
          prefecture_code: prefecture.index,
          education: education.index,
          degree: degree.index,
          title_level: titleLevel.index,
        },
      })
    },
  },

  methods: {
    onLoad(options) {
      this.loadOptions()
      return this.sectionLoad(options)
    },

    onShow() {
      return this.sectionShow()
    },

    async loadOptions() {
      try {
        const options = await reference.getOptions()
        this.setData({
          lists: {
            political_affiliations: options.political_affiliations || [],
            prefectures: options.prefectures || [],
            education: options.education || [],
            degrees: options.degrees || [],
            title_levels: options.title_levels || [],
          },
        })
      } catch (err) {
        this.setData({ loadError: err.message })
      }
    },

    /**
     * The ID number as it is typed: shown upper-case; at 18 characters a valid number
     * fills birth and gender, a wrong one shows the server's message (身份证号码校验位不正确 …).
     */
    onIdInput(e) {
      const number = normalize(e.detail.value)
      const updates = { 'form.id_number': number, 'errors.id_number': '', dirty: true }
      if (number.length === LENGTH) {
        const result = checkIdNumber(number)
        if (result.ok) {
          updates['form.birth'] = result.birth
          updates['form.gender'] = result.gender
          updates['errors.birth'] = ''
          updates['errors.gender'] = ''
        } else {
          updates['errors.id_number'] = result.error
        }
      }
      this.setData(updates)
      return number
    },

    onIdBlur() {
      const number = this.data.form.id_number || ''
      if (number && number.length !== LENGTH) {
        this.setData({ 'errors.id_number': checkIdNumber(number).error })
      }
    },
  },
})
