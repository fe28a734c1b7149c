import type { en } from './i18n.en';
import { fmt } from '../../../i18n/format';

export const zh: typeof en = {
  // TransformPanel：缩放、对数、分箱、独热编码；冻结拟合参数
  transform: {
    title: '变换',
    intro:
      '对列进行缩放、对数变换、分箱或独热编码。参数（均值、标准差、分箱边界、取值水平）只拟合一次，并保存在配方的报告中；冻结后，每次重新运行（包括下个月的数据）都会使用完全相同的数值。',
    method: '方法',
    methods: {
      standardize: '标准化（z 分数）',
      minmax: '最小–最大归一化到 [0, 1]',
      robust: '稳健缩放（中位数、IQR）',
      log1p: '对数 log(1 + x)',
      'quantile-bin': '分位数分箱',
      'one-hot': '独热编码',
    },
    bins: '分箱数',
    maxLevels: '最多水平数',
    clip: '按百分位截断',
    lower: '下限 %',
    upper: '上限 %',
    missingValues: '缺失值',
    impute: { none: '保留为缺失', mean: '用均值填充', median: '用中位数填充', zero: '用 0 填充' },
    indicators: '添加缺失值指示列',
    columnsSummary: (chosen, total, entity) =>
      `已选 ${fmt.count(chosen)}/${fmt.count(total)} 列（每个${entity}一行，其余列原样保留）`,
    reapply: '重新应用已冻结的变换',
    fitApply: '拟合并应用',
    rowsTo: (table) => `行 → ${table}`,
    columnsTransformed: '已变换的列',
    methodLabel: '方法',
    frozen: '已冻结：重新运行时沿用这些参数',
    refit: '下次运行时重新拟合',
    freeze: '冻结拟合参数',
    moreNotes: (n) => `另有 ${fmt.count(n)} 条说明`,
    region: '拟合参数',
    fittedParameters: '拟合参数',
    before: (column) => `变换前：${column}`,
    after: (column) => `变换后：${column}`,
    rowsAxis: '行数',
    inputAxis: '输入值',
    fitted: {
      mean: '均值',
      scale: '尺度',
      min: '最小值',
      max: '最大值',
      median: '中位数',
      iqr: '四分位距',
      edges: '分箱边界',
      levels: (n, other) => `${fmt.count(n)} 个水平${other ? ' + 其他' : ''}`,
      clip: '截断',
      fill: '填充',
      separator: '，',
    },
  },
};
