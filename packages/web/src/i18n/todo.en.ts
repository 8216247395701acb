import type { todoZh } from './todo.zh-CN.ts';

/** English messages of the to-do inbox (keys as in todo.zh-CN.ts). */
export const todoEn: { readonly [K in keyof typeof todoZh]: string } = {
  'todo.title': 'My to-do list',
  'todo.empty': 'Nothing to do',
  'todo.deadline': 'Deadline',
  'todo.item': 'Item',
  'todo.kind': 'Kind',
  'todo.source': 'Source',
  'todo.overdue': 'Overdue',
  'todo.open': 'Open',
  'todo.source.collection': 'Data collection',
  'todo.source.tasks': 'Targets and tasks',
  'todo.kind.submit': 'To submit',
  'todo.kind.city_review': 'City review',
  'todo.kind.review': 'To review',
  'todo.kind.duty': 'To do',
  'todo.collectionItem': '{dataSet} ({period}) · {assignee}',
  'todo.taskItem': '{task}: {title}',
  'todo.reportItem': 'Progress report {task} ({period})',
};
