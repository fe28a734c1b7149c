import type { Messages } from '../en';
import { fmt } from '../format';

const MASKS: Record<string, string> = { email: '邮箱', phone: '电话', 'keep-last-4': '保留后 4 位', all: '全部' };
const ACTIONS: Record<string, string> = { hash: '哈希', drop: '删除', keep: '保留' };

/** `hash`, `mask:phone`, `generalise:band10`… in words; an unknown key is shown as it is. */
function treatment(key: string): string {
  const [action, arg = ''] = key.split(':');
  if (action === 'mask') return `掩码：${MASKS[arg] ?? arg}`;
  if (action === 'generalise') {
    if (arg === 'year') return '泛化：到年';
    if (arg === 'month') return '泛化：到月';
    const band = /^band(\d+)$/.exec(arg);
    if (band) return `泛化：每 ${band[1]} 一档`;
    const prefix = /^prefix(\d+)$/.exec(arg);
    if (prefix) return `泛化：保留前 ${prefix[1]} 位`;
    return `泛化：${arg}`;
  }
  return ACTIONS[key] ?? key;
}

export const data: Messages['data'] = {
  // DataView
  title: '数据',
  intro: '文件由这个浏览器标签页中的 DuckDB 读取。不会上传任何内容：根本没有可上传的服务器。',
  dropLabel: '将文件拖放到此处',
  dropHint: '将 CSV、TSV、Parquet 或 JSON 文件拖放到此处，或',
  or: '或',
  loadSamples: '载入示例数据',
  formats:
    '支持任意分隔符的 CSV/TSV，编码可为 UTF-8、UTF-16、Windows-1252 或 GB18030/GBK（自动检测并转换为 UTF-8）；Parquet、JSON 数组、NDJSON 及包含数组的 API 导出。暂不支持 Excel 工作簿：请将工作表另存为 CSV。',
  tablesLabel: '表',
  tableSize: (rows, columns) => `：${fmt.count(rows)} 行 × ${fmt.count(columns)} 列`,
  encoding: {
    read: (name, set) => ` · 按 ${name} 读取${set ? '' : '（自动检测）'}`,
    choose: '文件的文本编码',
    detect: '自动检测编码',
  },
  loadWarnings: '加载此文件时发现的问题',
  numbersRead: (columns) => `按分隔符读取为数字的列：${columns}`,
  storedIn: (onDisk, reason, reused) =>
    `存储于${onDisk ? '磁盘（本浏览器私有文件系统中的 DuckDB 数据库文件，按需调入内存）' : ' DuckDB 内存'}：${reason}${reused ? '。已复用数据库文件中的表：同一文件未再次读取' : ''}。`,
  viewsLabel: '表视图',
  views: { preview: '预览', columns: '列与角色', profile: '概况', clean: '清洗' },

  // DataGrid
  rowsOf: (table) => `${table} 的行`,

  // ColumnsPanel
  columns: {
    column: '列',
    type: '类型',
    role: '角色',
    roleOf: (column) => `${column} 的角色`,
    set: '已设定',
    guessed: '推测',
    keepGuessed: '采用推测的角色',
    typesBefore: '类型由 DuckDB 推断；如需修改，请使用',
    typesAfter: '。角色保存在配方中，作为后续步骤的默认值。',
    roles: {
      customer: '客户 ID',
      item: '商品 / 产品',
      basket: '购物篮 / 订单 ID',
      time: '日期 / 时间',
      event: '事件类型',
      quantity: '数量',
      price: '单价',
      amount: '金额',
      category: '类别',
      tags: '标签（多值）',
      text: '自由文本',
      label: '标签 / 目标变量',
      pii_name: '姓名（个人信息）',
      pii_email: '电子邮箱（个人信息）',
      pii_phone: '电话号码（个人信息）',
      pii_address: '邮寄地址（个人信息）',
    },
  },

  // ProfilePanel
  profile: {
    idMissing: (column, missing, share) =>
      `${column} 是编号列，有 ${fmt.percent(share)} 的行（${fmt.count(missing)} 行）缺失：这些行不属于任何对象，所有按 ${column} 的分析都会排除它们。可在“清洗”中将其筛除，或检查数据导出。`,
    idKind: '编号：只计数，不求平均',
    again: '重新分析',
    run: '分析此表概况',
    summary: (rows, columns, bytes) =>
      `${fmt.count(rows)} 行 · ${fmt.count(columns)} 列${bytes ? ` · ${fmt.fixed(bytes / 1e6, 1)} MB` : ''}`,
    missing: '缺失',
    distinct: '不同值',
    meanSd: '均值 ± 标准差',
    quartiles: '四分位数',
    range: '范围',
    histogramOf: (column) => `${column} 的直方图`,
    topValuesOf: (column) => `${column} 的最常见值`,
    correlations: '相关性（Pearson）',
    correlationMatrix: '相关矩阵',
  },

  // CleanPanel
  clean: {
    step: '步骤',
    preview: '预览',
    apply: '应用',
    rows: '行',
    removed: (n) => `（移除 ${fmt.count(n)} 行）`,
    changedBefore: (_n) => '列 ',
    changedAfter: (n) => ` 中有 ${fmt.count(n)} 个值被更改`,
    newColumns: (columns) => `新列：${columns.join('、')}`,
    stepsTitle: '清洗步骤',
    none: '尚无步骤。每个步骤都会生成一张新表，原表保持不变。',
    on: '，作用于 ',
    stepRows: (rowsIn, rowsOut) => `（${fmt.count(rowsIn)} → ${fmt.count(rowsOut)} 行）`,
    undo: '撤销',
    undoStep: (id) => `撤销 ${id}`,
  },

  // clean-forms
  forms: {
    filter: { title: '筛选行', help: '保留满足 DuckDB SQL 条件的行。', where: '保留满足以下条件的行' },
    dedupe: {
      title: '去除重复',
      help: '在每组相同的行（比较全部列或所选列）中只保留第一行。',
      columns: '比较的列（不选 = 全部）',
    },
    dropMissing: {
      title: '删除缺失',
      help: '删除所选列（不选 = 全部）中任一列有缺失值的行。',
      columns: '列（不选 = 全部）',
    },
    impute: {
      title: '填充缺失',
      help: '用均值、中位数、众数或常数填充某列的缺失值。',
      column: '列',
      method: '填充方式',
      value: '常数',
    },
    outliers: {
      title: '异常值',
      help: '将 Q1 − k·IQR … Q3 + k·IQR 之外的值截断，或删除 |z| > k 的行。',
      columns: '数值列',
      method: '方法',
    },
    cast: {
      title: '更改类型',
      help: '将列转换为另一种类型；会先统计无法转换的值。',
      column: '列',
      type: '目标类型',
      format: '书写方式',
      onError: '无法转换的值',
    },
    trim: {
      title: '修整文本',
      help: '去除文本列首尾的空格，可选更改大小写；空文本变为缺失值。',
      columns: '列（不选 = 全部文本列）',
      case: '大小写',
    },
    parseDate: {
      title: '解析日期',
      help: '按指定格式（strptime）或尝试常见格式，将文本读取为日期/时间戳。',
      column: '列',
      format: '格式',
      into: '写入新列（可选）',
    },
    derive: { title: '新建列', help: '添加一个由 DuckDB SQL 表达式计算的列。', column: '名称' },
    options: {
      mean: '均值',
      median: '中位数',
      mode: '众数',
      constant: '常数',
      'iqr-clip': 'IQR 截断',
      'zscore-remove': 'z 分数剔除',
      fail: '报错',
      null: '置为缺失值',
      plain: '普通数字',
      currency: '货币文本（$1,234.50、12,50 €）',
      keep: '保持不变',
      lower: '小写',
      upper: '大写',
    },
  },

  // PiiPanel
  pii: {
    pseudonymised: (treated) => `已假名化：${treated.map(([c, a]) => `${c}（${treatment(a)}）`).join('、')}。`,
    warningTitle: (table, n) => `${table} 中有 ${fmt.count(n)} 列看起来是个人数据。`,
    warning: (leftOut, kept, sampled) =>
      `${leftOut.length ? `${leftOut.join('、')} 在所有导出中都会被排除，除非勾选“包含个人数据”。` : ''}${kept.length ? `${kept.join('、')} 会被导出：单独无法识别个人，但与其他列组合时可能可以（请在下方检查 k-匿名性）。` : ''}基于 ${fmt.count(sampled)} 行抽样判断。`,
    column: '列',
    looksLike: '疑似类型',
    confidence: '置信度',
    matching: '匹配比例',
    why: '依据',
    action: '处理方式',
    kinds: {
      email: '电子邮箱',
      phone: '电话号码',
      name: '人名',
      national_id: '身份证件号码',
      ip: 'IP 地址',
      address: '街道地址',
      postcode: '邮政编码',
      card: '银行卡号',
      birth_date: '出生日期',
      age: '年龄',
    },
    quasiIdentifier: '准标识符',
    actionFor: (column) => `${column} 的处理方式`,
    treatment,
    suggested: '（建议）',
    apply: '假名化并写入新表',
    hashNote: '哈希采用 HMAC-SHA-256，密钥仅保存在此浏览器中：同一个值在每张表中得到相同的哈希。',
    wrote: (id, n) => `已写入 ${id}.data：处理了 ${fmt.count(n)} 列。输入表保持不变。`,
    none: (other, sampled) => `在 ${fmt.count(sampled)} 行抽样中未检测到${other ? '其他' : ''}个人数据。`,
    kanonTitle: 'k-匿名性检查',
    quasiIdentifiers: '准标识符',
    check: '检查',
    smallestGroup: '最小组：',
    groupRows: (_n) => '行',
    atRisk: (share, k) => `行（${fmt.percent(share)}）位于小于 ${k} 的组中`,
    anonymous: (k) => `满足 ${k}-匿名`,
    notAnonymous: (k) => `不满足 ${k}-匿名`,
  },

  // SqlView
  sql: {
    title: 'SQL 控制台',
    engine: (version) => `DuckDB ${version}，运行在此标签页中。`,
    keysBefore: '按 ',
    keysAfter: ' 运行。',
    input: 'SQL 查询',
    run: '运行',
    cancel: '取消',
    history: '历史',
    historyLabel: '查询历史',
    done: '完成。',
    badName: '表名只能包含字母、数字和 _，且不能以数字开头。',
    saved: (name) => `已另存为 ${name}.data（配方中的一个步骤）。`,
    refused: {
      network: (target) => `此查询试图访问网络（${target}）。Custodian 从不获取网络数据：请把该文件作为数据源加载。`,
      file: (target) =>
        `此查询试图访问应用之外的文件（${target}）。只能读取作为数据源加载的文件：请把它作为数据源加载。`,
      extension: '此查询试图加载 DuckDB 扩展。Custodian 只使用内置的扩展。',
      settings: '此查询试图更改 DuckDB 已锁定的设置（文件和网络访问保持关闭）。',
    },
    leftOut: (columns) => `作为个人数据被排除：${columns.join('、')}。勾选“包含个人数据”即可导出这些列。`,
    resultSize: (rows, columns, ms) => `${fmt.count(rows)} 行 × ${fmt.count(columns)} 列 · ${Math.round(ms)} 毫秒`,
    exportCsv: '导出 CSV',
    exportParquet: '导出 Parquet',
    includePersonal: '包含个人数据',
    tableName: '表名',
    saveAs: '另存为表',
  },
};
